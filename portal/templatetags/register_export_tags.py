"""The "Export for a public register" links on a case page, for those ``portal.register_exports`` serves.

The case page belongs to the catalogue, which knows nothing of organisations; this tag
lives in the portal ("presentation from above", DESIGN.md) and draws the links only for
the owning organisation's members and for editors. The view checks again: hiding a link
is not a permission.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from showcase.interchange.formats import FORMATS

from ..register_exports import is_editor, is_owner

register = template.Library()

#: What the links say (the formats' own titles are English, as in the files and the API).
LINK_TEXT = {
    "uk-atrs": _("UK Algorithmic Transparency Recording Standard (tiers 1 and 2)"),
    "nl-algoritmeregister": _("Dutch Algoritmeregister (publication standard 1.0)"),
    "us-ai-inventory": _("US federal AI use-case inventory (CSV)"),
    "eu-annex-viii": _("EU AI Act Annex VIII, Section C (deployer registration)"),
}


@register.inclusion_tag("portal/includes/register_exports.html", takes_context=True)
def register_exports(context: dict[str, Any], page: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(page, "live", False) or not page.pk:
        return {"links": []}
    owner = is_owner(user, page.pk)
    if not owner and not is_editor(user):
        return {"links": []}
    links = [
        {"url": reverse("submissions:register_export", args=[page.pk, key]), "text": LINK_TEXT.get(key, fmt.title)}
        for key, fmt in FORMATS.items()
    ]
    return {"links": links, "with_answers": owner}
