"""The hand-over from the portal to moderation (minimal version, until the moderation issue lands).

The portal calls only these functions; the moderation issue replaces their
insides with its own workflow (review task, sign-off, decline) and keeps the
signatures:

* ``start_review(page, user)`` — hand a case to review: starts the workflow
  assigned to the catalogue, or resumes it after a change request.
* ``withdraw_review(page, user)`` — the submitter withdraws: cancels it.
* ``review_state(page)`` — where the review stands, read from Wagtail's
  ``WorkflowState``/``TaskState``, for the status the submitter sees.
* ``latest_request_for_changes(page)`` — the reviewers' message.

Until then the workflow is Wagtail's default "Moderators approval" (one
``GroupApprovalTask``): its *reject with a comment* is a request for changes.
The default workflow has no decline action; ``decline_review`` stands in for
it (reject with the reason, then cancel) so the portal's "Declined" status and
e-mail can be built and tested now.

https://docs.wagtail.org/en/stable/extending/custom_tasks.html
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask

DEFAULT_WORKFLOW_NAME = "Moderators approval"

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
    at: datetime | None = None
    #: Identifies this review event (e.g. for one e-mail per event); never shown.
    event_id: str = ""


def _catalogue_of(page: Page) -> Page:
    return page.get_parent()


@transaction.atomic
def catalogue_workflow(catalogue: Page) -> Workflow:
    """The workflow that reviews cases under ``catalogue``; assigned idempotently.

    Wagtail's migrations create "Moderators approval" and assign it to the
    root page; a flushed test database has neither, so both are (re)created
    here when missing, and the workflow is assigned to the catalogue itself so
    a change at the root does not silently change the review of cases.
    """
    assigned = WorkflowPage.objects.filter(page=catalogue).select_related("workflow").first()
    if assigned and assigned.workflow.active:
        return assigned.workflow
    workflow = catalogue.get_workflow()
    if workflow is None:
        workflow = Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME, active=True).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=DEFAULT_WORKFLOW_NAME, active=True)
        task = GroupApprovalTask.objects.filter(name=DEFAULT_WORKFLOW_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=DEFAULT_WORKFLOW_NAME)
            task.groups.set([Group.objects.get_or_create(name="Moderators")[0]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    return workflow


def _latest_state(page: Page) -> WorkflowState | None:
    return (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state")
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def start_review(page: Page, user: Any) -> WorkflowState:
    """Hand ``page`` (its latest revision) to review by ``user``; idempotent.

    A review in progress is left as it is; one waiting for changes is resumed
    (Wagtail restarts the task that asked for them on the latest revision);
    otherwise the catalogue's workflow starts afresh.
    """
    page = page.specific
    current = WorkflowState.objects.for_instance(page).active().select_for_update().first()
    if current is not None:
        if current.status == WorkflowState.STATUS_NEEDS_CHANGES:
            current.resume(user=user)
            current.refresh_from_db()
        return current
    return catalogue_workflow(_catalogue_of(page)).start(page, user)


@transaction.atomic
def withdraw_review(page: Page, user: Any) -> bool:
    """Cancel the review of ``page`` (the submitter withdraws); False when none is active."""
    current = WorkflowState.objects.for_instance(page.specific).active().select_for_update().first()
    if current is None:
        return False
    current.cancel(user=user)
    return True


@transaction.atomic
def decline_review(page: Page, user: Any, reason: str) -> None:
    """Stand-in for the moderation issue's decline action: reject with the reason, then cancel."""
    current = WorkflowState.objects.for_instance(page.specific).active().select_for_update().first()
    if current is None:
        raise ValueError("No review in progress to decline.")
    task_state = current.current_task_state
    if task_state is not None and task_state.status == TaskState.STATUS_IN_PROGRESS:
        task_state.specific.reject(user=user, update=False, comment=reason)
        current.status = WorkflowState.STATUS_NEEDS_CHANGES
        current.save()
    current.cancel(user=user)


def _cancelled_by_reviewer(page: Page, state: WorkflowState) -> bool:
    from wagtail.models import PageLogEntry

    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.workflow.cancel", timestamp__gte=state.created_at)
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry is not None and entry.user_id != state.requested_by_id


def latest_request_for_changes(page: Page) -> ReviewState | None:
    """The reviewers' latest request for changes, while the case waits for them."""
    state = review_state(page)
    return state if state.stage == CHANGES_REQUESTED else None


def review_state(page: Page) -> ReviewState:
    """Where the review of ``page`` stands, from Wagtail's workflow and task states."""
    state = _latest_state(page)
    if state is None:
        return ReviewState(NOT_STARTED)
    task_state = state.current_task_state
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES and task_state is not None:
        return ReviewState(
            CHANGES_REQUESTED, task_state.get_comment(), task_state.finished_at, f"task-{task_state.pk}"
        )
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        # "In review" once a reviewer has acted in this workflow (e.g. approved the
        # first task); before that the case is waiting: "Submitted".
        acted = state.task_states.filter(status=TaskState.STATUS_APPROVED).exists()
        return ReviewState(IN_REVIEW if acted else SUBMITTED, at=state.created_at, event_id=f"workflow-{state.pk}")
    if state.status == WorkflowState.STATUS_APPROVED:
        return ReviewState(APPROVED, event_id=f"workflow-{state.pk}")
    # Cancelled: declined when a reviewer (not the requester withdrawing) cancelled
    # it after rejecting; otherwise just cancelled.
    if task_state is not None and task_state.status == TaskState.STATUS_REJECTED and _cancelled_by_reviewer(page, state):
        return ReviewState(DECLINED, task_state.get_comment(), task_state.finished_at, f"task-{task_state.pk}")
    return ReviewState(CANCELLED, event_id=f"workflow-{state.pk}")
