"""Review rounds: the answers as they stood when each round started, and what changed since the round before.

A round starts each time the review task starts on a case: when it is first
submitted, and again when it comes back after a request for changes (whoever
asked for them). Wagtail sends ``task_submitted`` then; ``record_round_start``
stores every answer of the submission (through the registered provider, so
moderation never reads the portal's record itself) in an ``AnswerSnapshot``.
The evidence view compares the answers now with the snapshot of the round
before, field by field.

Snapshots are taken in the site's default language, so that a choice shown as
"Yes" in one round and "Oui" in the next is not reported as a change; the
comparison reads today's answers in the same language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.compare import diff_text
from wagtail.models import TaskState, WorkflowState

from showcase.models import UseCasePage

from .latest_revision import latest_answers_page
from .models import AnswerSnapshot, ReviewTask
from .submission_answers import PUBLIC, Answer, answers_of

logger = logging.getLogger(__name__)

IMAGES = "images"


def _images_answer(page: Any) -> Answer:
    """The images as one answer (their alternative texts and captions), so adding or removing one is a change."""
    items = [
        " — ".join(part for part in (item.alt_text, item.caption) if part)
        for item in latest_answers_page(page).images.all()
    ]
    return Answer(IMAGES, str(_("Images (alternative text — caption)")), "\n".join(items), PUBLIC)


def answers_for_comparison(page: Any, shown: list[Answer] | None = None) -> list[Answer] | None:
    """Today's answers, in the language snapshots are kept in; None when the case has no submission.

    ``shown``: the answers already read in the active language, reused when that is the snapshots' language.
    """
    reuse = shown is not None and translation.get_language() == settings.LANGUAGE_CODE
    with translation.override(settings.LANGUAGE_CODE):
        answers = shown if reuse else answers_of(page)
        if answers is None:
            return None
        return [*answers, _images_answer(page)]


def is_review_task_state(task_state: TaskState) -> bool:
    return isinstance(task_state.task.specific, ReviewTask)


def record_round_start(task_state: TaskState) -> Any:
    """Store the answers of the case whose review task just started; the snapshot, or None."""
    page = task_state.workflow_state.content_object
    page = getattr(page, "specific", page)
    if not isinstance(page, UseCasePage):
        return None
    try:
        answers = answers_for_comparison(page)
    except Exception:  # noqa: BLE001 - a failed snapshot must never stop a submission; the diff says "not recorded"
        logger.exception("Could not record the answers of page %s at the start of a review round", page.pk)
        return None
    if answers is None:
        return None
    snapshot, _created = AnswerSnapshot.objects.update_or_create(
        task_state=task_state,
        defaults={"page": page, "revision": task_state.revision, "language": settings.LANGUAGE_CODE,
                  "answers": [answer.as_data() for answer in answers]},
    )
    return snapshot


def on_task_submitted(sender: Any, instance: TaskState, user: Any = None, **kwargs: Any) -> None:
    """Wagtail's ``task_submitted`` signal: a task started; a review task starts a round."""
    if is_review_task_state(instance):
        record_round_start(instance)


# --- What changed ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerChange:
    name: str
    label: str
    visibility: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "changed"

    @property
    def visibility_label(self) -> str:
        return Answer(self.name, self.label, "", self.visibility).visibility_label

    @cached_property
    def diff_html(self) -> str:
        """Word-level differences, escaped, with Wagtail's own comparison (as in its revision compare view)."""
        return diff_text(self.before, self.after).to_html()


@dataclass(frozen=True)
class ChangeRequest:
    message: str
    at: datetime | None


@dataclass(frozen=True)
class RoundChanges:
    number: int  # this round: 1 for the first submission
    previous_at: datetime | None  # when the round before started (None: first round, or not recorded)
    changes: tuple[AnswerChange, ...] = ()
    request: ChangeRequest | None = None  # what the reviewers asked at the end of the round before

    @property
    def is_resubmission(self) -> bool:
        return self.number > 1

    @property
    def recorded(self) -> bool:
        """False when there was a round before but its answers were not kept (e.g. it predates snapshots)."""
        return not self.is_resubmission or self.previous_at is not None

    @property
    def changed_names(self) -> frozenset[str]:
        return frozenset(change.name for change in self.changes)


def compare(before: list[Answer], after: list[Answer]) -> tuple[AnswerChange, ...]:
    """Field-by-field changes from ``before`` to ``after``, in the order of ``after`` (then removed answers)."""
    old = {answer.name: answer for answer in before}
    new_names = {answer.name for answer in after}
    changes = [
        AnswerChange(answer.name, answer.label, answer.visibility, old[answer.name].value if answer.name in old else "",
                     answer.value)
        for answer in after
        if (old[answer.name].value if answer.name in old else "") != answer.value
    ]
    changes += [
        AnswerChange(answer.name, answer.label, answer.visibility, answer.value, "")
        for answer in before
        if answer.name not in new_names and answer.value
    ]
    return tuple(changes)


def _review_task_states(page: Any):
    return TaskState.objects.filter(
        workflow_state__in=WorkflowState.objects.for_instance(page), task__in=ReviewTask.objects.all()
    )


def changes_since_previous_round(page: Any, task_state: TaskState, shown: list[Answer] | None = None) -> RoundChanges:
    """This round's number and what changed since the round before it (for a case at ``task_state``).

    ``shown``: the answers the caller already read (see ``answers_for_comparison``).
    """
    review_states = _review_task_states(page)
    current = (
        review_states.filter(workflow_state_id=task_state.workflow_state_id).order_by("-started_at", "-pk").first()
    )
    if current is None:
        return RoundChanges(number=1, previous_at=None)
    number = review_states.filter(started_at__lte=current.started_at).count()
    request = _request_before(page, current)
    previous = (
        AnswerSnapshot.objects.filter(page_id=page.pk, created_at__lt=current.started_at)
        .exclude(task_state=current)
        .order_by("-created_at", "-pk")
        .first()
    )
    if number <= 1 or previous is None:
        return RoundChanges(number=number, previous_at=None, request=request)
    now = answers_for_comparison(page, shown) or []
    before = [Answer.from_data(item) for item in previous.answers]
    return RoundChanges(number, previous.created_at, compare(before, now), request)


def _request_before(page: Any, current: TaskState) -> ChangeRequest | None:
    """The request for changes that ended the round before ``current`` (Wagtail keeps it as the task's comment)."""
    rejected = (
        TaskState.objects.filter(
            workflow_state__in=WorkflowState.objects.for_instance(page),
            status=TaskState.STATUS_REJECTED,
            finished_at__lte=current.started_at,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    return ChangeRequest(rejected.get_comment(), rejected.finished_at) if rejected is not None else None
