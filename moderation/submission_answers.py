"""The answers of the submission behind a case page, as moderation reads them (a registered provider).

Moderation sits below the portal (DESIGN.md, "Layers") and may not import it,
yet the reviewer must read every answer the submitter gave: the public ones
on the page and the confidential ones on the portal's record. So this module
defines the interface and the portal registers its implementation in
``PortalConfig.ready()`` (``portal.review_answers``). Each answer is one row:
its field name (stable, used by ``moderation.criteria_evidence``), the label the
submitter saw, its value as text, and where it may appear (public, summary,
confidential).

Without a provider (or for a case created in the admin, which has no
submission) there are no rows; the evidence view says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .providers import Provider

PUBLIC = "public"
SUMMARY = "summary"
CONFIDENTIAL = "confidential"
VISIBILITY_LABELS = {
    PUBLIC: _("Public"),
    SUMMARY: _("Summary published"),
    CONFIDENTIAL: _("Confidential"),
}


@dataclass(frozen=True)
class Answer:
    name: str
    label: str
    value: str
    visibility: str

    @property
    def visibility_label(self) -> str:
        return str(VISIBILITY_LABELS.get(self.visibility, self.visibility))

    def as_data(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Answer":
        return cls(**{name: str(data.get(name, "")) for name in ("name", "label", "value", "visibility")})


#: page -> every answer of its submission (its latest draft) in wizard order, or None when it has no submission.
answers_of: Provider[list[Answer] | None] = Provider(
    "every answer of the submission behind a page, for the review screen", None
)


def register_answers_provider(provider: Callable[[Any], list[Answer] | None]) -> None:
    """Called once by the app that owns submissions, in its ``ready()``."""
    answers_of.register(provider)
