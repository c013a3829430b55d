"""``{% public_review page %}``: the public "Responsible-use review" section of a case page.

The review is moderation's; the case page is the catalogue's (showcase, a
lower layer that imports nothing of moderation). So the section is a template
tag that lives here and that the case page's template uses (DESIGN.md,
"Layers": presentation from above).
"""

from __future__ import annotations

from typing import Any

from django import template

from moderation.public_review import public_review as review_of
from moderation.public_review import version_review as version_review_of

register = template.Library()


@register.inclusion_tag("moderation/public_review.html")
def public_review(page: Any) -> dict[str, Any]:
    """Only what may be published: the outcome per principle, the risk tier, the public summary, the date."""
    return {"review": review_of(page)}


@register.inclusion_tag("moderation/version_review.html")
def version_review(page: Any, revision_id: int) -> dict[str, Any]:
    """The outcome of one version's review in the case's public version history (the same public parts only)."""
    return {"review": version_review_of(page, revision_id)}
