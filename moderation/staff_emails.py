"""Wagtail's workflow e-mails, kept for staff only.

Submitters never enter the admin, so Wagtail's "approved" and "rejected"
e-mails (with admin links) must not reach them: the portal tells them instead
(it receives ``moderation.signals``). Reviewers and editors still
get Wagtail's "submitted for moderation" e-mail for new work on their task,
except for cases they may not act on (conflict of interest, four-eyes).

``install()`` replaces Wagtail's receivers under their own ``dispatch_uid``:
whichever app's ``ready()`` runs first, only these receivers stay connected.
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected


def has_admin_access(user: Any) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin")))


class StaffOnlyApprovalNotifier(WorkflowStateApprovalEmailNotifier):
    def get_recipient_users(self, workflow_state, **kwargs):
        return {user for user in super().get_recipient_users(workflow_state, **kwargs) if has_admin_access(user)}


class StaffOnlyRejectionNotifier(WorkflowStateRejectionEmailNotifier):
    def get_recipient_users(self, workflow_state, **kwargs):
        return {user for user in super().get_recipient_users(workflow_state, **kwargs) if has_admin_access(user)}


class NewWorkNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Tells the task's group of new work, leaving out whoever may not act on this case."""

    def get_recipient_users(self, task_state, **kwargs):
        recipients = super().get_recipient_users(task_state, **kwargs)
        task = task_state.task.specific
        page = task_state.workflow_state.content_object
        if hasattr(task, "may_act"):
            return [user for user in recipients if task.may_act(page, user)]
        return recipients


def install() -> None:
    """Called by ``ModerationConfig.ready()``."""
    for signal, receiver, sender, uid in (
        (workflow_approved, StaffOnlyApprovalNotifier(), WorkflowState, "workflow_state_approved_email_notification"),
        (workflow_rejected, StaffOnlyRejectionNotifier(), WorkflowState, "workflow_state_rejected_email_notification"),
        (task_submitted, NewWorkNotifier(), TaskState, "group_approval_task_submitted_email_notification"),
    ):
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(receiver, sender=sender, dispatch_uid=uid, weak=False)
