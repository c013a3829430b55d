"""Who may open the evidence of a case in review (every answer, the confidential ones included).

Whoever may act on the case's *current* task, by the task's own rules
(``Task.get_actions``: group, conflict of interest, four-eyes, claim — see
``moderation.models.tasks``). Nobody else: not a conflicted reviewer or editor, not a
reviewer while the case waits for sign-off, not an editor while it is in
review. Administrators (superusers) who may not act may still read it for
support, read-only. Every opening is logged by the view; this module only
decides, and says why when the answer is no.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from wagtail.models import TaskState

from .conflicts import claimed_by_someone_else, has_conflict_of_interest
from .models import ModerationTask
from .models.tasks import review_approvers
from .workflow_states import active_workflow_state, current_task

ACT = "act"
SUPPORT = "support"


@dataclass(frozen=True)
class EvidenceAccess:
    mode: str | None  # ACT, SUPPORT, or None (refused)
    task: Any = None
    task_state: TaskState | None = None
    actions: list[tuple[str, Any, bool]] = field(default_factory=list)
    reason: str = ""  # why refused, or why read-only

    @property
    def may_act(self) -> bool:
        return self.mode == ACT

    def offers(self, action: str) -> bool:
        return self.may_act and action in {name for name, _label, _modal in self.actions}


def evidence_access(page: Any, user: Any) -> EvidenceAccess:
    task, task_state = current_task(page)
    if task is None or not isinstance(task, ModerationTask):
        if getattr(user, "is_superuser", False) and task is not None:
            return EvidenceAccess(SUPPORT, task, task_state, reason=_("This task is not a responsible-use review."))
        return EvidenceAccess(None, reason=_("This case is not in review."))
    actions = task.get_actions(page, user)
    if actions:
        return EvidenceAccess(ACT, task, task_state, actions)
    reason = refusal_reason(task, page, user)
    if user.is_superuser:
        return EvidenceAccess(SUPPORT, task, task_state, reason=reason)
    return EvidenceAccess(None, task, task_state, reason=reason)


def refusal_reason(task: Any, page: Any, user: Any) -> str:
    """Why ``user`` may not act on ``task`` for ``page`` (the rules themselves live on the task)."""
    title = page.get_admin_display_title()
    if has_conflict_of_interest(page, user):
        return _(
            "You cannot review “%(title)s”: it comes from you or your own organisation (conflict of interest)."
        ) % {"title": title}
    if user.pk in review_approvers(active_workflow_state(page)) and not task.asks_for_assessment:
        return _("You approved the review of “%(title)s”, so another editor signs it off (four-eyes).") % {
            "title": title
        }
    if claimed_by_someone_else(page, user):
        return _("“%(title)s” is claimed by %(name)s: only they can open its evidence until the claim is released.") % {
            "title": title, "name": page.locked_by,
        }
    return _("“%(title)s” is at the step “%(task)s”, which is not yours: only its people may read the answers.") % {
        "title": title, "task": task.name,
    }
