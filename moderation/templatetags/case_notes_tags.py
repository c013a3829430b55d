"""``{% case_notes page %}``: corrections and rights of reply on a case page, and "Report a problem".

Moderation's, shown on showcase's page (DESIGN.md, "Layers": presentation from above).
"""

from __future__ import annotations

from typing import Any

from django import template

from moderation.problem_reports import public_notes

register = template.Library()


@register.inclusion_tag("moderation/case_notes.html")
def case_notes(page: Any) -> dict[str, Any]:
    return {"page": page, "notes": public_notes(page)}
