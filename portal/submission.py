"""What a submitter does with a submission: start it, save a step, submit, withdraw; and who may see it.

``submit`` is the one function that hands a case to moderation
(``moderation.handover.start_review``). It locks the submission row, so a double
click or a second tab submits once; a second call finds the case already in
review and does nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from moderation.handover import start_review, withdraw_review
from showcase import drafts

from . import case_updates
from . import status as status_module
from .models import Status, Submission
from .models.call_window import window_for
from .wizard import STEPS, Step


class SubmissionError(Exception):
    """An action the submission's state does not allow, with a message for the submitter."""


@dataclass
class Incomplete(SubmissionError):
    """Answers are missing: by step slug, the messages."""

    problems: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return _("Some answers are missing or need correcting.")


def missing_page_message() -> str:
    """What the submitter reads when the public answers of their case were lost (see ``restore_missing_page``)."""
    return _("The public answers of this case were lost: enter them again. Your other answers are kept.")


@dataclass(frozen=True)
class SubmitResult:
    submission: Submission
    already_submitted: bool = False
    resubmitted: bool = False


# --- Who may see and change what ----------------------------------------------------------


def visible_submissions(user: Any) -> QuerySet[Submission]:
    """The submitter's own submissions and, for a verified, *confirmed* member, the organisation's.

    A matching organisation name and e-mail domain only make a request to join
    (``portal.membership``); until a member or an editor confirms it, the
    person sees their own submissions and nothing else.
    """
    if user is None or not user.is_authenticated:
        return Submission.objects.none()
    condition = Q(submitter=user)
    if user.email_verified and getattr(user, "is_confirmed_member", False):
        condition |= Q(organisation_id=user.organisation_id)
    return Submission.objects.filter(condition).select_related("page", "submitter", "organisation")


def locked_for_saving(user: Any, pk: int) -> Submission:
    """``visible_submissions(user)``'s row ``pk``, locked for the caller's transaction (``DoesNotExist`` if not visible).

    A wizard save reads the submission and its page once, under the lock, for the permission checks, the
    form and the save (``save_step(..., locked=True)``), instead of three times. Only the submitter's own
    page is locked (with ``drafts.locked_page``, after the submission row, in ``save_step``'s order): a
    colleague is sent to the read-only page without touching it.
    """
    # The row alone: nothing a save or its form shows reads the submitter or the organisation (an e-mail on a
    # change of status loads the submitter then), and the page is read locked below.
    submission = visible_submissions(user).select_related(None).select_for_update(of=("self",)).get(pk=pk)
    if submission.page_id is not None and submission.submitter_id == getattr(user, "pk", None):
        submission.page = submission._page_under_lock = drafts.locked_page(submission.page_id)  # type: ignore[attr-defined]
    return submission


def _holds_locked_page(submission: Submission) -> bool:
    """``submission.page`` is still the row ``locked_for_saving`` locked (not a page restored since)."""
    return submission.page is not None and submission.page is getattr(submission, "_page_under_lock", None)


def can_edit(user: Any, submission: Submission) -> bool:
    """Only the submitter, and only while the case is a draft or waits for changes, or to update a published case.

    Colleagues never edit, confirmed or not: membership gives read access only
    (``visible_submissions``). An update of a published case is changed only
    while it is not with the reviewers (``portal.case_updates``).
    """
    if case_updates.may_change_update(user, submission):
        return True
    return (
        user is not None
        and user.is_authenticated
        and submission.submitter_id == user.pk
        and submission.status in status_module.EDITABLE
    )


def can_withdraw(user: Any, submission: Submission) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and submission.submitter_id == user.pk
        and submission.status in status_module.WITHDRAWABLE
    )


# --- Drafts ---------------------------------------------------------------------------------------


@transaction.atomic
def start_submission(user: Any, token: uuid.UUID | None = None) -> tuple[Submission, bool]:
    """A new draft (page + record) for ``user``; the same token gives back the same submission."""
    if token is not None:
        existing = Submission.objects.filter(submitter=user, creation_token=token).first()
        if existing is not None:
            return existing, False
    organisation = user.organisation
    try:
        with transaction.atomic():  # a savepoint: the same token posted twice at once loses the race here
            submission = Submission.objects.create(
                submitter=user,
                organisation=organisation,
                creation_token=token,
                language=translation.get_language() or "en",
                contact_name=user.get_full_name(),
                contact_email=user.email,
            )
    except IntegrityError:
        if token is None:
            raise
        return Submission.objects.get(submitter=user, creation_token=token), False
    submission.page = _new_draft_page(user, organisation)
    submission.save(update_fields=["page"])
    status_module.refresh_status(submission)
    return submission, True


def _new_draft_page(user: Any, organisation: Any) -> Any:
    """A never-published case page owned by ``user``, with what the organisation already tells."""
    page = drafts.start_draft(user)
    if organisation is not None:
        drafts.save_draft(
            page,
            user,
            {
                "organisation_name": organisation.name,
                "organisation_type": organisation.organisation_type,
                "countries": [str(organisation.country)] if organisation.country else [],
            },
        )
    return page


@transaction.atomic
def restore_missing_page(submission: Submission, user: Any) -> bool:
    """Give a submission whose page is gone a new draft page; True when one was made.

    Pages of submissions can no longer be deleted (the link is protected), but a
    database from before may hold a submission without its page. The record and
    its confidential answers are kept; the public answers must be entered again.
    """
    locked = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
    if locked.page_id is not None or locked.submitter_id != getattr(user, "pk", None):
        return False
    locked.page = _new_draft_page(user, locked.organisation)
    locked.save(update_fields=["page"])
    submission.page = locked.page
    status_module.refresh_status(submission)
    return True


@transaction.atomic
def save_step(submission: Submission, user: Any, form: Any, read: Any = None, *, locked: bool = False) -> Submission:
    """Save a valid step form: public answers to a new page revision, confidential ones to the record.

    ``read``: the draft ``read_draft`` gave for the form (reused if the page did not change since).
    ``locked``: ``submission`` is this transaction's ``locked_for_saving`` row and nothing wrote it or its page
    since (an image attached writes the page): neither is locked and read again. The status is still refreshed
    and checked here.
    """
    row = submission if locked else status_module.locked_for_status(submission.pk)
    status_module.refresh_status(row, already_locked=True)  # one read of the locked row, not two
    if not can_edit(user, row):
        raise SubmissionError(_("This submission cannot be changed now."))
    page_locked = locked and _holds_locked_page(row)
    if row.page_id is None:
        restore_missing_page(row, user)
    page_values = form.page_values()
    if page_values:
        # Unless the caller holds the lock, the page is locked and read again there: the request's object names it.
        page = submission.page if submission.page_id == row.page_id else row.page
        drafts.save_draft(page, user, page_values, read=read, locked=page_locked)
    values = form.submission_values()
    for name, value in values.items():
        setattr(row, name, value)
    # Only the answers (and the time of the change): the row is locked, so nothing else differs from the
    # database, and each confidential answer would be encrypted again.
    row.save(update_fields=[*values, "updated_at"])
    return row


def read_draft(submission: Submission, *, page_just_read: bool = False) -> Any:
    """The submission's page as its latest revision has it (None without a page): read once per wizard request.

    ``page_just_read``: ``submission.page`` was loaded by this request a moment ago (``visible_submissions``
    selects it): its row is not read again.
    """
    return drafts.draft_of(submission.page, reread=not page_just_read) if submission.page_id else None


def stored_answers(submission: Submission, draft: Any = None) -> dict[str, Any]:
    """Every answer as the wizard forms' initial data: the page draft's public ones plus the record's."""
    answers = drafts.public_answers(submission.page, draft) if submission.page_id else {}
    return answers


def form_for(
    step: Step, submission: Submission, data: Any = None, files: Any = None, *, draft: bool = False,
    answers: dict[str, Any] | None = None,
) -> Any:
    """The step's form with the stored answers as initial data.

    ``answers`` (from ``stored_answers``) lets a caller that builds every step's form read the draft
    once: reading it deserialises the latest revision, the most expensive part of a wizard request.
    """
    if answers is None:
        answers = stored_answers(submission)
    initial = step.form_class.initial_from(answers, submission)
    return step.form_class(data=data, files=files, initial=initial, draft=draft, prefix=None)


def missing_answers(submission: Submission) -> dict[str, list[str]]:
    """What still stops the submission, by step slug (empty when it may be submitted).

    Each step's form is validated against the stored answers exactly as if
    the submitter posted them again, then the page draft gets the model's
    full validation.
    """
    problems: dict[str, list[str]] = {}
    field_steps: dict[str, str] = {}
    answers = stored_answers(submission)
    for step in STEPS:
        if step.form_class is None:
            continue
        unbound = form_for(step, submission, answers=answers)
        data = MultiValueDict()
        for name in unbound.fields:
            field_steps[name] = step.slug
            value = unbound[name].value()
            if name in ("image", "alt_text", "caption"):
                continue
            if value is None or value == "":
                data.setlist(name, [])
            elif isinstance(value, (list, tuple)):
                data.setlist(name, [str(v) for v in value])
            else:
                data.setlist(name, [value if not isinstance(value, bool) else ("on" if value else "")])
        bound = step.form_class(data=data, initial=unbound.initial)
        if not bound.is_valid():
            # The wizard's messages name their question ("Enter a title"): no label in front.
            problems[step.slug] = [str(message) for messages in bound.errors.values() for message in messages]
    if submission.page_id is None:
        problems.setdefault(field_steps.get("title", STEPS[0].slug), []).insert(0, missing_page_message())
        return problems
    for name, messages in drafts.problems_before_review(submission.page).items():
        slug = field_steps.get(name, STEPS[0].slug)
        for message in messages:
            if not any(message in known for known in problems.get(slug, [])):
                problems.setdefault(slug, []).append(message)
    return problems


# --- Hand-over and withdrawal ----------------------------------------------------------------------


@transaction.atomic
def submit(submission: Submission, user: Any) -> SubmitResult:
    """Hand the case to moderation (or back to it after changes). Idempotent: see the module docstring."""
    locked = Submission.objects.select_for_update(of=("self",)).select_related("page", "submitter").get(pk=submission.pk)
    if locked.submitter_id != getattr(user, "pk", None):
        raise PermissionDenied
    current = status_module.refresh_status(locked)
    if current in status_module.UNDER_REVIEW:
        return SubmitResult(locked, already_submitted=True)
    if current == Status.PUBLISHED:
        return _submit_update(locked, user)
    if current not in status_module.EDITABLE:
        raise SubmissionError(_("This submission can no longer be submitted."))
    if not user.email_verified:
        raise SubmissionError(_("Verify your e-mail address before you submit."))
    resubmission = current == Status.CHANGES_REQUESTED
    if not resubmission:
        window = window_for(user)
        if not window.is_open:
            raise SubmissionError(
                _("The call for submissions is not open. Your draft is kept.")
            )
    problems = missing_answers(locked)
    if problems:
        raise Incomplete(problems)
    start_review(locked.page, user)
    if locked.submitted_at is None:
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["submitted_at"])
    status_module.refresh_status(locked)
    return SubmitResult(locked, resubmitted=resubmission)


def _submit_update(locked: Submission, user: Any) -> SubmitResult:
    """Hand an update of a published case to review; the live version stays until sign-off publishes this one."""
    stage = case_updates.update_stage(locked)
    if stage == case_updates.IN_REVIEW:
        return SubmitResult(locked, already_submitted=True)
    if not user.email_verified:
        raise SubmissionError(_("Verify your e-mail address before you submit."))
    if not case_updates.has_changes(locked):
        raise SubmissionError(_("Change at least one answer before you submit an update."))
    # No call window: a published case may be kept up to date at any time.
    problems = missing_answers(locked)
    if problems:
        raise Incomplete(problems)
    start_review(locked.page, user)
    return SubmitResult(locked, resubmitted=True)


@transaction.atomic
def withdraw(submission: Submission, user: Any) -> Submission:
    """Withdraw before publication: cancels the review if there is one. Final."""
    locked = Submission.objects.select_for_update(of=("self",)).select_related("page").get(pk=submission.pk)
    status_module.refresh_status(locked)
    if not can_withdraw(user, locked):
        raise SubmissionError(_("This submission cannot be withdrawn now."))
    # Marked first, so the status the workflow signals derive is already "Withdrawn".
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at"])
    if locked.page is not None:
        withdraw_review(locked.page, user)
    status_module.refresh_status(locked)
    return locked
