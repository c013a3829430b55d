"""The status a submitter sees, derived from the page and Wagtail's workflow state.

This is the only module that writes ``Submission.status`` (a copy kept for
querying) and the ``StatusChange`` history, and the one place that e-mails
the submitter when the status changes (received, changes requested,
approved to be published on a date, published, declined), once per change.

It is refreshed by the portal's own actions (submit, withdraw) and by the
signals it receives (connected in ``PortalConfig.ready``), so a reviewer's
action in the admin shows up in "My submissions" at once:

* moderation's ``decision_made`` and ``case_published`` (moderation sits
  below the portal and never calls it: it tells, the portal listens);
* Wagtail's ``page_published``/``page_unpublished`` and
  ``workflow_submitted``/``workflow_cancelled``, for what an administrator
  does in Wagtail's own admin around the review.

Where the review stands is read from ``moderation.handover.review_state``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail import signals as wagtail_signals

from moderation import handover as review
from moderation import signals as moderation_signals

from . import submitter_emails as notifications
from .case_updates import tell_submitter
from .models import Status, StatusChange, Submission

#: Statuses in which the submitter may change answers.
EDITABLE = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})
#: Statuses from which the submitter may withdraw (anything before a final outcome).
WITHDRAWABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED})
#: Statuses in which the case is with the reviewers.
UNDER_REVIEW = frozenset({Status.SUBMITTED, Status.IN_REVIEW})

_FROM_REVIEW = {
    review.NOT_STARTED: Status.DRAFT,
    review.SUBMITTED: Status.SUBMITTED,
    review.IN_REVIEW: Status.IN_REVIEW,
    review.CHANGES_REQUESTED: Status.CHANGES_REQUESTED,
    review.DECLINED: Status.DECLINED,
    review.CANCELLED: Status.DRAFT,  # cancelled by an editor: back with the submitter
}


def derive_status(submission: Submission) -> tuple[Status, str]:
    """(status, the reviewers' message or reason if any), from the page and its workflow."""
    if submission.withdrawn_at is not None:
        return Status.WITHDRAWN, ""
    page = submission.page
    if page is None:
        return Status.DRAFT, ""
    if page.live:
        return Status.PUBLISHED, ""
    state = review.review_state(page)
    if state.stage == review.APPROVED:
        if page.first_published_at:
            return Status.PUBLISHED, ""
        # Approved with a go-live time ahead: Wagtail publishes it then (moderation.go_live).
        return (Status.SCHEDULED if review.scheduled_publication(page) else Status.IN_REVIEW), ""
    return _FROM_REVIEW.get(state.stage, Status.DRAFT), state.message


def locked_for_status(pk: int) -> Submission:
    """The submission's row, locked for this transaction, with what ``refresh_status`` reads (page, submitter)."""
    return Submission.objects.select_for_update(of=("self",)).select_related("page", "submitter").get(pk=pk)


@transaction.atomic
def refresh_status(submission: Submission, *, already_locked: bool = False) -> Status:
    """Bring the stored status and history up to date; e-mail the submitter on a change.

    ``already_locked``: ``submission`` is this transaction's ``locked_for_status`` row (a wizard save locks it
    anyway): it is not read again.
    """
    locked = submission if already_locked else locked_for_status(submission.pk)
    status, message = derive_status(locked)
    if status != locked.status or not locked.status_changes.exists():
        change = StatusChange.objects.create(submission=locked, status=status, message=message)
        previous = locked.status
        Submission.objects.filter(pk=locked.pk).update(status=status)
        locked.status = status
        if previous != status:
            _notify(locked, change)
    submission.status = status
    return status


def _notify(submission: Submission, change: StatusChange) -> None:
    key = f"status-change:{change.pk}"
    if change.status == Status.SUBMITTED:
        resubmitted = submission.status_changes.filter(status=Status.CHANGES_REQUESTED).exists()
        notifications.notify_submitter(submission, notifications.RECEIVED, dedupe_key=key, resubmitted=resubmitted)
    elif change.status == Status.CHANGES_REQUESTED:
        notifications.notify_submitter(submission, notifications.CHANGES_REQUESTED, dedupe_key=key, message=change.message)
    elif change.status == Status.SCHEDULED:
        when = review.scheduled_publication(submission.page)
        if when is not None:
            notifications.notify_submitter(submission, notifications.SCHEDULED, dedupe_key=key, publish_at=when)
    elif change.status == Status.PUBLISHED:
        notifications.notify_submitter(
            submission, notifications.PUBLISHED, dedupe_key=key, public_url=submission.page.specific.full_url or ""
        )
    elif change.status == Status.DECLINED:
        notifications.notify_submitter(submission, notifications.DECLINED, dedupe_key=key, reason=change.message)


def refresh_for_page(page: Any) -> None:
    """Refresh the submission of ``page``, if it has one (called from the signals below)."""
    if page is None:
        return
    submission = Submission.objects.filter(page_id=page.pk).first()
    if submission is not None:
        refresh_status(submission)


def reviewers_message(submission: Submission) -> str:
    """The message of the latest request for changes, while it is waiting for the submitter."""
    if submission.page is None:
        return ""
    request = review.latest_request_for_changes(submission.page)
    return request.message if request else ""


# --- Signals ----------------------------------------------------------------------------------


def _on_case_event(sender: Any, page: Any, **kwargs: Any) -> None:
    refresh_for_page(page)


def _on_page_event(sender: Any, instance: Any, **kwargs: Any) -> None:
    refresh_for_page(instance)


def _on_workflow_event(sender: Any, instance: Any, **kwargs: Any) -> None:
    refresh_for_page(instance.content_object)


def connect_signals() -> None:
    """Called by ``PortalConfig.ready()``."""
    for signal in (moderation_signals.decision_made, moderation_signals.case_published):
        # An update leaves the status "Published": its e-mails come from case_updates.
        signal.connect(tell_submitter, dispatch_uid=f"portal-update-emails-{id(signal)}")
        signal.connect(_on_case_event, dispatch_uid=f"portal-status-{id(signal)}")
    for signal in (wagtail_signals.page_published, wagtail_signals.page_unpublished):
        signal.connect(_on_page_event, dispatch_uid=f"portal-status-{id(signal)}")
    for signal in (wagtail_signals.workflow_submitted, wagtail_signals.workflow_cancelled):
        signal.connect(_on_workflow_event, dispatch_uid=f"portal-status-{id(signal)}")
