"""Where a case stands in Wagtail's workflow: the one place that looks up its workflow and task states."""

from __future__ import annotations

from typing import Any

from wagtail.models import TaskState, WorkflowState


def active_workflow_state(page: Any, *, for_update: bool = False) -> WorkflowState | None:
    """The case's workflow state in progress or waiting for changes, or None; ``for_update`` locks its row."""
    states = WorkflowState.objects.for_instance(page).active()
    if for_update:
        # No select_related: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
        return states.select_for_update().first()
    return states.select_related("current_task_state").first()


def latest_workflow_state(page: Any) -> WorkflowState | None:
    """The case's newest workflow state, whatever its status (finished ones included)."""
    return (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state")
        .order_by("-created_at", "-pk")
        .first()
    )


def current_task(page: Any) -> tuple[Any, TaskState | None]:
    """The task the case waits on (specific) and its task state, or (None, None) when it is not in review."""
    state = active_workflow_state(page)
    task_state = state.current_task_state if state else None
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None, None
    return task_state.task.specific, task_state
