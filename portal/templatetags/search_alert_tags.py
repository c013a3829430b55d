"""``{% search_alert_form listing %}``: the catalogue's "Get alerts for this search" (presentation from above).

Saved searches belong to people (``portal``); the catalogue page is showcase's. The form
carries the search the page applied (``listing.search``: the text and the valid filter values,
never the raw query string); a search with an impossible value gets no form.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from ..models import Frequency

register = template.Library()


@register.inclusion_tag("portal/alerts/search_alert_form.html", takes_context=True)
def search_alert_form(context: template.Context, listing: Any) -> dict[str, Any]:
    request = context["request"]
    search = listing.search
    params = ([("q", search.query)] if search.query else []) + [
        (key, value) for key, values in search.filters.items() for value in values
    ]
    login_url = f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
    return {
        "signed_in": request.user.is_authenticated,
        "params": params,
        "frequencies": Frequency.choices,
        "login_url": login_url,
        "csrf_token": context.get("csrf_token"),
        "offered": not search.invalid,
    }
