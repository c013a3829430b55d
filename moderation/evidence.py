"""The evidence of a case in review, arranged for rating: every answer under the criteria it is evidence for.

``build_evidence`` reads the submission's answers through the registered
provider (``moderation.submission_answers``), groups them by the active
criteria (``moderation.criteria_evidence``), puts each red flag beside the
answers that raised it, marks the answers changed since the round before
(``moderation.rounds``), and pairs each criterion with what the person may do
there: the rating, note and red-flag overrides of the approve form (review
task), or the reviewer's rating and note (sign-off, read-only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .criteria_evidence import evidence_names, flag_answer_names, mapped_answer_names
from .forms import note_field, override_field, rating_field
from .latest_revision import latest_answers_page
from .models import Assessment, Criterion
from .red_flag_answers import flags_for
from .red_flags import RedFlag
from .rounds import RoundChanges, changes_since_previous_round
from .submission_answers import Answer, answers_of


@dataclass(frozen=True)
class EvidenceRow:
    answer: Answer
    flags: tuple[RedFlag, ...] = ()
    changed: bool = False


@dataclass
class CriterionEvidence:
    criterion: Any  # moderation.models.Criterion
    rows: list[EvidenceRow]
    flags: list[RedFlag]
    rating: Any = None  # bound field of the approve form
    note: Any = None
    overrides: list[tuple[RedFlag, Any]] = field(default_factory=list)  # (flag, bound field)
    review_rating: Any = None  # moderation.models.Rating of the approved review (sign-off)
    review_overrides: list[Any] = field(default_factory=list)  # RedFlagOverride rows for this criterion

    @property
    def anchor(self) -> str:
        return f"criterion-{self.criterion.code}"


@dataclass
class Evidence:
    page: Any  # the case as its latest revision has it
    has_submission: bool
    criteria: list[CriterionEvidence]
    other_rows: list[EvidenceRow]  # answers that are evidence for no criterion
    flags: list[RedFlag]
    images: list[Any]  # UseCaseImage rows of the latest revision
    round: RoundChanges
    review: Any = None  # the approved review Assessment (at sign-off)
    unplaced_overrides: list[tuple[RedFlag, Any]] = field(default_factory=list)


def _row(answer: Answer, flags: list[RedFlag], changed: frozenset[str]) -> EvidenceRow:
    raised = tuple(flag for flag in flags if answer.name in flag_answer_names(flag.rule))
    return EvidenceRow(answer, raised, answer.name in changed)


def build_evidence(page: Any, task_state: Any, approve_form: Any = None) -> Evidence:
    """The evidence of ``page`` at ``task_state``; with ``approve_form``, each criterion carries its fields."""
    answers = answers_of(page)
    current = latest_answers_page(page)
    by_name = {answer.name: answer for answer in answers or []}
    flags = approve_form.flags if approve_form is not None else flags_for(page)
    round_changes = changes_since_previous_round(page, task_state, answers)
    changed = round_changes.changed_names
    criteria = list(approve_form.criteria) if approve_form is not None else list(Criterion.objects.active())
    review = _approved_review(task_state)
    review_ratings = {rating.code: rating for rating in review.ratings.all()} if review else {}
    review_overrides = list(review.overrides.all()) if review else []
    sections = []
    for criterion in criteria:
        criterion_flags = [flag for flag in flags if flag.criterion == criterion.code]
        section = CriterionEvidence(
            criterion=criterion,
            rows=[_row(by_name[name], criterion_flags, changed) for name in evidence_names(criterion.code)
                  if name in by_name],
            flags=criterion_flags,
            review_rating=review_ratings.get(criterion.code),
            review_overrides=[item for item in review_overrides if item.criterion_code == criterion.code],
        )
        if approve_form is not None:
            section.rating = approve_form[rating_field(criterion.code)]
            section.note = approve_form[note_field(criterion.code)]
            section.overrides = [(flag, approve_form[override_field(flag.rule)]) for flag in criterion_flags]
        sections.append(section)
    placed = {flag.rule for section in sections for flag in section.flags}
    mapped = mapped_answer_names()
    return Evidence(
        page=current,
        has_submission=answers is not None,
        criteria=sections,
        other_rows=[_row(answer, [], changed) for answer in answers or [] if answer.name not in mapped],
        flags=flags,
        images=list(current.images.select_related("image")),
        round=round_changes,
        review=review,
        unplaced_overrides=[
            (flag, approve_form[override_field(flag.rule)]) for flag in flags if flag.rule not in placed
        ] if approve_form is not None else [],
    )


def _approved_review(task_state: Any) -> Any:
    """The review approved in this workflow (what the editor signs off), or None."""
    if task_state is None:
        return None
    return (
        Assessment.objects.filter(
            workflow_state_id=task_state.workflow_state_id, stage=Assessment.REVIEW, decision=Assessment.APPROVED
        )
        .select_related("risk_tier", "reviewer")
        .prefetch_related("ratings", "overrides")
        .first()
    )
