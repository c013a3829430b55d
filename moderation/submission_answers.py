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


#: page -> its submission's answers in wizard order, or None when the page has no submission.
AnswersProvider = Callable[[Any], "list[Answer] | None"]

_providers: list[AnswersProvider] = []


def register_answers_provider(provider: AnswersProvider) -> None:
    """Called once by the app that owns submissions (idempotent: ``ready()`` may run twice in tests)."""
    if provider not in _providers:
        _providers.append(provider)


def answers_of(page: Any) -> list[Answer] | None:
    """Every answer of the submission behind ``page`` (its latest draft), or None when there is none."""
    for provider in _providers:
        answers = provider(page)
        if answers is not None:
            return answers
    return None
