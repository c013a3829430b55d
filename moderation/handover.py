"""The hand-over between the portal and moderation: what the portal may ask of the review, and nothing else.

The portal calls only these functions (it sits above moderation and may
import it; moderation never imports the portal):

* ``start_review(page, user)`` — hand a case to review: starts the workflow
  assigned to its catalogue (``setup_moderation`` assigns it), or resumes it
  after a request for changes.
* ``withdraw_review(page, user)`` — the submitter withdraws: cancels it.
* ``review_state(page)`` — where the review stands, for the status the
  submitter sees: Wagtail's ``WorkflowState`` says whether the case is in
  review, waiting for changes, finished or cancelled; the stored decision
  (``Assessment``) says what was decided and with which message.
* ``latest_request_for_changes(page)`` — the reviewers' message while the
  case waits for the submitter.
* ``scheduled_publication(page)`` — when an approved case goes live, if the
  approver set a go-live time ahead (``moderation.go_live``), and
  ``publication_date_text(when)`` — that time as the submitter reads it.

Moderation tells the portal when something changes through
``moderation.signals``; the portal then reads ``review_state`` again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.models import Page, WorkflowState
from wagtail.search import index

from .go_live import format_go_live, scheduled_go_live
from .models import Assessment
from .workflow_states import active_workflow_state, latest_workflow_state

# Stages of review_state(); the portal maps them to the submitter's status.
NOT_STARTED = "not_started"
SUBMITTED = "submitted"
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved"
DECLINED = "declined"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class ReviewState:
    stage: str
    #: The reviewers' message to the submitter (changes requested) or the reason (declined).
    message: str = ""
    #: When the review reached this stage (the decision's time; the start for a case waiting in review).
    at: datetime | None = None


@transaction.atomic
def start_review(page: Page, user: Any) -> WorkflowState:
    """Hand ``page`` (its latest revision) to review by ``user``; idempotent.

    A review in progress is left as it is; one waiting for changes is resumed
    (Wagtail restarts the task that asked for them on the latest revision);
    otherwise the workflow assigned to the catalogue starts afresh.
    """
    page = page.specific
    current = active_workflow_state(page, for_update=True)
    if current is not None:
        if current.status == WorkflowState.STATUS_NEEDS_CHANGES:
            current.resume(user=user)
            current.refresh_from_db()
        return current
    workflow = page.get_workflow()
    if workflow is None:
        raise ImproperlyConfigured(
            "No review workflow is assigned to the catalogue: run `manage.py setup_moderation` (migrate runs it)."
        )
    state = workflow.start(page, user)
    # A never-submitted draft is kept out of the search index (showcase.page_permissions.PrivateDraftsUnindexed):
    # now that staff review it, it belongs there (the admin's page search finds it).
    index.insert_or_update_object(page)
    return state


@transaction.atomic
def withdraw_review(page: Page, user: Any) -> bool:
    """Cancel the review of ``page`` (the submitter withdraws); False when none is active."""
    current = active_workflow_state(page.specific, for_update=True)
    if current is None:
        return False
    current.cancel(user=user)
    return True


def latest_request_for_changes(page: Page) -> ReviewState | None:
    """The reviewers' latest request for changes, while the case waits for them."""
    state = review_state(page)
    return state if state.stage == CHANGES_REQUESTED else None


def scheduled_publication(page: Page) -> datetime | None:
    """When the approved case goes live (Wagtail's scheduled revision); ``None`` when nothing is scheduled."""
    return scheduled_go_live(page)


def publication_date_text(when: datetime) -> str:
    """``when`` in the meeting's time zone (the site's without one), in the active language, with the zone."""
    return format_go_live(when)


def review_state(page: Page) -> ReviewState:
    """Where the review of ``page`` stands: the workflow's status, and the decision stored in it."""
    state = latest_workflow_state(page)
    if state is None:
        return ReviewState(NOT_STARTED)
    decision = Assessment.latest_in(state.pk)
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return _decided(CHANGES_REQUESTED, decision)
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        # "In review" once a reviewer approved in this round (the case waits for sign-off);
        # before that, and again after a request for changes, the case is waiting: "Submitted".
        acted = decision is not None and decision.decision == Assessment.APPROVED
        return ReviewState(IN_REVIEW if acted else SUBMITTED, at=decision.created_at if acted else state.created_at)
    if state.status == WorkflowState.STATUS_APPROVED:
        # No message: the sign-off comment is for the editors, never for the submitter.
        return ReviewState(APPROVED, at=decision.created_at if decision else None)
    # Cancelled: declined when the decision says so; otherwise withdrawn or cancelled by an administrator.
    # Withheld (reviewed, not published) reaches the submitter as final as a decline, with the editors' message.
    if decision is not None and decision.decision in (Assessment.DECLINED, Assessment.WITHHELD):
        return _decided(DECLINED, decision)
    return ReviewState(CANCELLED)


def _decided(stage: str, decision: Assessment | None) -> ReviewState:
    if decision is None:  # e.g. a workflow moved on in Wagtail's own admin without a decision of ours
        return ReviewState(stage)
    return ReviewState(stage, decision.message, decision.created_at)
