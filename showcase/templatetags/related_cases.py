"""``{% related_cases page as cases %}``: cases like this one that the visitor may see.

A template tag rather than the page model's context: finding related cases is the search
layer's work, and the search layer reads the page models, so the models must not call it.
"""

from __future__ import annotations

from typing import Any

from django import template

from ..search import related_cases as find_related_cases
from ..search.results import Hit

register = template.Library()

#: How many related cases a case page shows.
RELATED_CASES_SHOWN = 4


@register.simple_tag(takes_context=True)
def related_cases(context: template.Context, page: Any) -> list[Hit]:
    request = context.get("request")
    return find_related_cases(page, getattr(request, "user", None), size=RELATED_CASES_SHOWN)
