"""The public "Responsible-use review" of a published case.

Only what may be published leaves this module: the outcome per principle,
the risk tier, the reviewer's public summary and the review date. Reviewer
notes, red-flag overrides and any identity stay in ``moderation.models``.
The case page shows it through the ``public_review`` template tag
(``moderation.templatetags.public_review_tags``), so the catalogue app
(showcase, below moderation) imports nothing of moderation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import ratings
from .models import Assessment
from .rubric import PRINCIPLES


@dataclass(frozen=True)
class PrincipleOutcome:
    principle: str
    outcome: str  # one of ratings.WORST_FIRST
    label: Any


@dataclass(frozen=True)
class PublicReview:
    principles: tuple[PrincipleOutcome, ...]
    risk_tier: str
    summary: str
    reviewed_on: date


def principle_outcome(given: list[str]) -> str:
    """The worst rating that is not "not applicable"; "not applicable" only when every criterion is."""
    for outcome in ratings.WORST_FIRST:
        if outcome in given:
            return outcome
    return ratings.NOT_APPLICABLE


def _published_approvals(page_id: int):
    return (
        Assessment.objects.filter(
            page_id=page_id, stage=Assessment.REVIEW, decision=Assessment.APPROVED, published_at__isnull=False
        )
        .select_related("risk_tier")
        .prefetch_related("ratings")
        .order_by("-published_at", "-pk")
    )


def public_review(page: Any) -> PublicReview | None:
    """The review to show on ``page``: from the approved assessment of its latest published review round."""
    if page is None or not getattr(page, "live", False):
        return None
    assessment = _published_approvals(page.pk).first()
    return _public_form(assessment) if assessment is not None else None


def version_review(page: Any, revision_id: int) -> PublicReview | None:
    """The published review of one version of ``page`` (the revision the approving reviewer assessed), if any."""
    if page is None or not getattr(page, "live", False):
        return None
    assessment = _published_approvals(page.pk).filter(revision_id=revision_id).first()
    return _public_form(assessment) if assessment is not None else None


def _public_form(assessment: Assessment) -> PublicReview:
    """Only what may be published of an approved assessment (no note, no identity, no message)."""
    by_principle: dict[str, list[str]] = {}
    for rating in assessment.ratings.all():
        by_principle.setdefault(rating.principle, []).append(rating.rating)
    order = {name: index for index, name in enumerate(PRINCIPLES)}
    outcomes = tuple(
        PrincipleOutcome(name, outcome, ratings.LABELS[outcome])
        for name in sorted(by_principle, key=lambda n: (order.get(n, len(order)), n))
        for outcome in [principle_outcome(by_principle[name])]
    )
    return PublicReview(
        principles=outcomes,
        risk_tier=assessment.risk_tier.name if assessment.risk_tier_id else "",
        summary=assessment.public_summary,
        reviewed_on=assessment.created_at.date(),
    )
