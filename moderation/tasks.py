"""Who may act on a case, and the behaviour the two workflow tasks share.

The rules, each enforced in ``get_actions`` (so the admin shows no button),
again in ``on_action`` (so a crafted POST is refused), and in
``get_task_states_user_can_moderate`` (so the case is not in the person's queue):

* **group** — reviewers act on the review task, editors on the sign-off task
  (Wagtail's ``AbstractGroupApprovalTask``; superusers may act on both);
* **conflict of interest** — nobody acts on a case submitted by themselves or
  by a member of their own organisation (``portal.User.organisation``);
* **four-eyes** — whoever approved the review of a case cannot sign it off;
* **claim** — a case locked by one reviewer (Wagtail's page lock) offers no
  action to anybody else until it is released; the lock itself follows the
  same rules (``user_can_lock``: whoever may act; ``user_can_unlock``: only
  the claimant or a superuser), whether taken through the queue or through
  Wagtail's own lock button.

The models (``moderation.models``) combine these mixins with Wagtail's
``AbstractGroupApprovalTask``; this module imports models lazily because
``models.py`` imports it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

APPROVE = "approve"
REQUEST_CHANGES = "request_changes"
DECLINE = "decline"


# --- The rules -----------------------------------------------------------------------------------


def current_workflow_state(page: Any) -> WorkflowState | None:
    return WorkflowState.objects.for_instance(page).active().first()


def conflicted_page_ids(user: Any) -> set[str]:
    """Object ids (strings, as WorkflowState stores them) of the cases ``user`` may not act on."""
    from portal.models import Submission

    condition = Q(submitter_id=user.pk)
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id:
        condition |= Q(organisation_id=organisation_id)
    page_ids = Submission.objects.filter(condition).exclude(page_id=None).values_list("page_id", flat=True)
    ids = {str(pk) for pk in page_ids}
    ids |= set(WorkflowState.objects.active().filter(requested_by=user).values_list("object_id", flat=True))
    return ids


def has_conflict_of_interest(page: Any, user: Any) -> bool:
    """True when ``user`` submitted the case, or belongs to the submitting organisation."""
    from portal.models import Submission

    submission = Submission.objects.filter(page_id=page.pk).only("submitter_id", "organisation_id").first()
    if submission is not None:
        if submission.submitter_id == user.pk:
            return True
        organisation_id = getattr(user, "organisation_id", None)
        if organisation_id and submission.organisation_id == organisation_id:
            return True
    state = current_workflow_state(page)
    return state is not None and state.requested_by_id == user.pk


def review_approvers(workflow_state: WorkflowState | None) -> set[int]:
    """Who approved a review task in this workflow state (they may not sign off: four-eyes)."""
    if workflow_state is None:
        return set()
    from .models import ReviewTask

    return set(
        TaskState.objects.filter(
            workflow_state=workflow_state, status=TaskState.STATUS_APPROVED, task__in=ReviewTask.objects.all()
        )
        .exclude(finished_by=None)
        .values_list("finished_by_id", flat=True)
    )


def claimed_by_someone_else(page: Any, user: Any) -> bool:
    locked_by = getattr(page, "locked_by_id", None)
    return bool(getattr(page, "locked", False)) and locked_by is not None and locked_by != user.pk


# --- Task behaviour ------------------------------------------------------------------------------------


class ModerationTaskMixin:
    """What both tasks share; the concrete classes list their actions."""

    def action_list(self) -> list[tuple[str, Any, bool]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def may_act(self, page: Any, user: Any) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if not (user.is_superuser or self._user_in_groups(user)):
            return False
        return not has_conflict_of_interest(page, user)

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, Any, bool]]:
        if not self.may_act(obj, user) or claimed_by_someone_else(obj, user):
            return []
        return self.action_list()

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return self.may_act(obj, user)

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        return not self.may_act(obj, user)

    def user_can_lock(self, obj: Any, user: Any) -> bool:
        """Wagtail's lock is a claim: the queue's rules (group, conflict of interest, four-eyes, one claimant)."""
        return self.may_act(obj, user) and not claimed_by_someone_else(obj, user)

    def user_can_unlock(self, obj: Any, user: Any) -> bool:
        """Nobody but the claimant (Wagtail asks the holder first) or a superuser releases a claim."""
        return False

    def get_form_for_action(self, action: str):
        from . import forms

        return forms.form_for_action(self, action)

    def get_template_for_action(self, action: str) -> str:
        if action == APPROVE and self.asks_for_assessment:
            return "moderation/approve_modal.html"
        return "moderation/action_modal.html"

    def on_action(self, task_state: TaskState, user: Any, action_name: str, **kwargs: Any):
        from .decisions import act

        return act(self, task_state, user, action_name, kwargs)

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any):
        states = super().get_task_states_user_can_moderate(user, **kwargs)  # type: ignore[misc]
        conflicted = conflicted_page_ids(user)
        if conflicted:
            states = states.exclude(workflow_state__object_id__in=conflicted)
        return states

    asks_for_assessment = False


class ReviewTaskMixin(ModerationTaskMixin):
    asks_for_assessment = True

    def action_list(self) -> list[tuple[str, Any, bool]]:
        return [
            (APPROVE, _("Approve with assessment"), True),
            (REQUEST_CHANGES, _("Request changes"), True),
            (DECLINE, _("Decline"), True),
        ]

    @classmethod
    def get_description(cls):
        return _(
            "A reviewer rates the case against every active criterion, clears or overrides red flags, and decides."
        )


class SignOffTaskMixin(ModerationTaskMixin):
    def action_list(self) -> list[tuple[str, Any, bool]]:
        return [
            (APPROVE, _("Sign off and publish"), True),
            (REQUEST_CHANGES, _("Request changes"), True),
            (DECLINE, _("Decline"), True),
        ]

    def may_act(self, page: Any, user: Any) -> bool:
        if not super().may_act(page, user):
            return False
        return user.pk not in review_approvers(current_workflow_state(page))

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any):
        from .models import ReviewTask

        states = super().get_task_states_user_can_moderate(user, **kwargs)
        approved_by_user = TaskState.objects.filter(
            workflow_state=OuterRef("workflow_state"),
            status=TaskState.STATUS_APPROVED,
            finished_by=user,
            task__in=ReviewTask.objects.all(),
        )
        return states.exclude(Exists(approved_by_user))

    def start(self, workflow_state: WorkflowState, user: Any = None):
        """Sign off only what a reviewer approved: after a resubmission, the case goes back to review first.

        Wagtail resumes a workflow at the task that asked for changes; when that
        was this task, the answers have changed since the review, so the review
        task starts again on the new revision instead.
        """
        from .models import ReviewTask

        page = workflow_state.content_object
        latest = page.get_latest_revision()
        reviewed = TaskState.objects.filter(
            workflow_state=workflow_state,
            status=TaskState.STATUS_APPROVED,
            task__in=ReviewTask.objects.all(),
            revision=latest,
        ).exists()
        review_task = ReviewTask.objects.filter(workflow_tasks__workflow=workflow_state.workflow, active=True).first()
        if not reviewed and review_task is not None:
            return review_task.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)  # type: ignore[misc]

    @classmethod
    def get_description(cls):
        return _("An editor who did not approve the review signs it off; sign-off publishes the case.")
