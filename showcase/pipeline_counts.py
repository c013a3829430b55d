"""Honest counts: how many cases were submitted, are in review, were declined, withdrawn, published or withheld.

Numbers only, never titles. The catalogue cannot know them (submissions are the
portal's, decisions moderation's, and showcase imports neither), so the portal
registers the function that counts (``register_provider`` in ``PortalConfig.ready``);
without one, the statistics page and the API simply leave the section out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

#: The reason codes of a reviewed case withheld from publication, in display order.
WITHHOLD_REASONS: dict[str, Any] = {
    "operational_security": _("Operational security"),
    "legal_restriction": _("Legal restriction"),
    "other": _("Other"),
}


@dataclass(frozen=True)
class PipelineCounts:
    submitted: int
    in_review: int
    declined: int
    withdrawn: int
    published: int
    withheld: int
    withheld_by_reason: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def withheld_rows(self) -> list[tuple[Any, int]]:
        return [(label, self.withheld_by_reason.get(code, 0)) for code, label in WITHHOLD_REASONS.items()]


_provider: list[Callable[[], PipelineCounts]] = []


def register_provider(provider: Callable[[], PipelineCounts]) -> None:
    _provider[:] = [provider]


def pipeline_counts() -> PipelineCounts | None:
    return _provider[0]() if _provider else None
