"""The moderation queue: the cases in review that one person may act on or follow, oldest first.

Built from Wagtail's ``WorkflowState`` (in progress) for use-case pages;
cases the person has a conflict of interest with are left out entirely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from wagtail.models import WorkflowState

from showcase.models import UseCasePage

from .conflicts import conflicted_page_ids
from .latest_revision import latest_answers_page
from .models import ReviewTask, SignOffTask
from .red_flag_answers import flags_for


@dataclass(frozen=True)
class QueueRow:
    page: Any
    workflow_state: WorkflowState
    task_name: str
    task_id: int | None
    waiting_since: datetime
    red_flags: list
    risk_tier: Any
    organisation_type: Any
    assignee: Any  # who claimed it (the page lock), or None
    can_act: bool

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.waiting_since).days


def is_moderator(user: Any) -> bool:
    """Superusers, and members of a group of an active moderation task."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    group_ids = set(user.groups.values_list("pk", flat=True))
    for model in (ReviewTask, SignOffTask):
        if model.objects.filter(active=True, groups__in=group_ids).exists():
            return True
    return False


def queue_rows(user: Any, filters: dict[str, str] | None = None) -> list[QueueRow]:
    filters = filters or {}
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type__app_label="wagtailcore", status=WorkflowState.STATUS_IN_PROGRESS)
        .exclude(object_id__in=conflicted_page_ids(user))
        .select_related("current_task_state__task", "workflow")
        .order_by("created_at", "pk")
    )
    pages = UseCasePage.objects.in_bulk([int(s.object_id) for s in states if s.object_id.isdigit()])
    rows = []
    for state in states:
        page = pages.get(int(state.object_id)) if state.object_id.isdigit() else None
        if page is None:
            continue
        task_state = state.current_task_state
        task = task_state.task.specific if task_state else None
        answers_page = latest_answers_page(page)
        row = QueueRow(
            page=page,
            workflow_state=state,
            task_name=task.name if task else "",
            task_id=task.pk if task else None,
            waiting_since=state.created_at,
            red_flags=flags_for(page),
            risk_tier=answers_page.risk_tier_claimed,
            organisation_type=answers_page.organisation_type,
            assignee=page.locked_by if page.locked else None,
            can_act=bool(task and task.get_actions(page, user)),
        )
        if _matches(row, filters, user):
            rows.append(row)
    return rows


def _matches(row: QueueRow, filters: dict[str, str], user: Any) -> bool:
    task = filters.get("task")
    if task and str(row.task_id) != task:
        return False
    tier = filters.get("risk_tier")
    if tier and getattr(row.risk_tier, "slug", "") != tier:
        return False
    org_type = filters.get("organisation_type")
    if org_type and getattr(row.organisation_type, "slug", "") != org_type:
        return False
    flags = filters.get("red_flags")
    if flags == "yes" and not row.red_flags or flags == "no" and row.red_flags:
        return False
    claimed = filters.get("claimed")
    if claimed == "mine" and getattr(row.assignee, "pk", None) != user.pk:
        return False
    if claimed == "unclaimed" and row.assignee is not None:
        return False
    return True


def queue_counts(user: Any) -> dict[str, int]:
    rows = queue_rows(user)
    return {
        "in_review": len(rows),
        "for_you": sum(1 for r in rows if r.can_act),
        "unclaimed": sum(1 for r in rows if r.assignee is None),
        "with_red_flags": sum(1 for r in rows if r.red_flags),
    }
