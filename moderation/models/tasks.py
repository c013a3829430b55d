"""The two workflow tasks and their behaviour: who may act, with which form, and what a decision does.

As Wagtail's own ``GroupApprovalTask``, each task carries its behaviour:
``get_actions`` (the buttons), ``get_form_for_action`` (the modal's form),
``on_action`` (the decision) and the permission hooks. The rules, each
enforced in ``get_actions`` (so the admin shows no button), again in
``on_action`` (so a crafted POST is refused), and in
``get_task_states_user_can_moderate`` (so the case is not in the person's queue):

* **group** — reviewers act on the review task, editors on the sign-off task
  (``AbstractGroupApprovalTask``; superusers may act on both);
* **conflict of interest** — nobody acts on a case submitted by themselves or
  by a member of their own organisation (``moderation.conflicts``);
* **four-eyes** — whoever approved the review of a case cannot sign it off;
* **claim** — a case locked by one reviewer (Wagtail's page lock) offers no
  action to anybody else until it is released; the lock itself follows the
  same rules (``user_can_lock``: whoever may act; ``user_can_unlock``: only
  the claimant or a superuser), whether taken through the queue or through
  Wagtail's own lock button.

``on_action`` locks the workflow state and the task state
(``select_for_update``), so when two people act on the same task at once the
second waits, then finds the task decided and is sent to a page that says who
decided it and when: one decision, a clear message. Each decision is stored
as an ``Assessment``, logged, and told to the apps above through
``moderation.signals.decision_made`` (the portal updates the submitter's status).

https://docs.wagtail.org/en/stable/extending/custom_tasks.html
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState

from .. import forms
from ..actions import APPROVE, DECLINE, REQUEST_CHANGES, WITHHOLD, DecisionRefused
from ..conflicts import claimed_by_someone_else, conflicted_page_ids, has_conflict_of_interest
from ..go_live import default_go_live
from ..latest_revision import latest_answers_page
from ..red_flag_answers import flags_as_data, flags_for
from ..signals import decision_made
from ..workflow_states import active_workflow_state
from .assessments import Assessment
from .criteria import Criterion


def already_decided_url(task_state: TaskState) -> str:
    return reverse("moderation:already_decided", args=[task_state.pk])


def decision_made_url(assessment: Assessment) -> str:
    """Where the decider lands: a message saying what happened and what comes next, then the queue."""
    return reverse("moderation:decision_made", args=[assessment.pk])


def release_claim(page: Any, user: Any) -> None:
    """A decision ends the decider's claim (page lock) on the case."""
    if page.locked and page.locked_by_id == getattr(user, "pk", None):
        type(page).objects.filter(pk=page.pk).update(locked=False, locked_by=None, locked_at=None)
        page.locked, page.locked_by, page.locked_at = False, None, None
        log(instance=page, action="moderation.release", user=user)


def review_approvers(workflow_state: WorkflowState | None) -> set[int]:
    """Who approved a review task in this workflow state (they may not sign off: four-eyes)."""
    if workflow_state is None:
        return set()
    approved = _approved_reviews(workflow_state=workflow_state).exclude(finished_by=None)
    return set(approved.values_list("finished_by_id", flat=True))


def _approved_reviews(**filters: Any) -> models.QuerySet:
    return TaskState.objects.filter(status=TaskState.STATUS_APPROVED, task__in=ReviewTask.objects.all(), **filters)


class ModerationTask(AbstractGroupApprovalTask):
    """What both tasks share; the concrete classes list their actions."""

    #: The review task asks for an assessment (a rating per criterion); the sign-off task does not.
    asks_for_assessment = False

    class Meta:
        abstract = True

    def action_list(self) -> list[tuple[str, Any, bool]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def criteria_to_rate(self) -> models.QuerySet:
        """The criteria this task asks the person to rate (the approve form's questions)."""
        return Criterion.objects.active() if self.asks_for_assessment else Criterion.objects.none()

    # --- Who may act --------------------------------------------------------------------------------

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

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> models.QuerySet:
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        conflicted = conflicted_page_ids(user)
        if conflicted:
            states = states.exclude(workflow_state__object_id__in=conflicted)
        return states

    # --- The decision ------------------------------------------------------------------------------

    def go_live_offer(self, task_state: TaskState) -> Any:
        """The go-live time the approve form offers: the reviewer's proposal (at sign-off) or the revision's
        own future ``go_live_at``, else the meeting's (``moderation.go_live.default_go_live``)."""
        now = timezone.now()
        page = task_state.workflow_state.content_object
        proposals = [Assessment.final_go_live(task_state.workflow_state)] if not self.asks_for_assessment else []
        revision = page.get_latest_revision()
        if revision is not None and revision.content.get("go_live_at"):
            proposals.append(parse_datetime(revision.content["go_live_at"]))
        future = [value for value in proposals if value and value > now]
        return future[0] if future else default_go_live(page, now)

    def get_form_for_action(self, action: str) -> type:
        return forms.form_for_action(self, action)

    def get_template_for_action(self, action: str) -> str:
        if action == APPROVE and self.asks_for_assessment:
            return "moderation/approve_modal.html"
        return "moderation/action_modal.html"

    @transaction.atomic
    def on_action(self, task_state: TaskState, user: Any, action_name: str, **kwargs: Any) -> str:
        """Carry out ``action_name`` for ``user``; returns where to send them next (Wagtail redirects there)."""
        workflow_state = WorkflowState.objects.select_for_update().get(pk=task_state.workflow_state_id)
        locked = TaskState.objects.select_for_update().get(pk=task_state.pk)
        if locked.status != TaskState.STATUS_IN_PROGRESS or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
            return already_decided_url(locked)
        locked.workflow_state = workflow_state
        page = workflow_state.content_object.specific
        if action_name not in {name for name, _label, _modal in self.get_actions(page, user)}:
            raise PermissionDenied
        values = {name: ("" if value is None else value) for name, value in kwargs.items()}
        values.setdefault("task_state_id", locked.pk)
        form = self.get_form_for_action(action_name)(data=values, task_state=locked)
        if not form.is_valid():
            raise DecisionRefused(form.errors)
        release_claim(page, user)
        assessment = self._decide(action_name, form, page, locked, user)
        decision_made.send(sender=type(self), page=page, assessment=assessment)
        return decision_made_url(assessment)

    def _decide(self, action_name: str, form: Any, page: Any, task_state: TaskState, user: Any) -> Assessment:
        """Store the decision, log it, and move the workflow on (Wagtail's own task and workflow methods)."""
        stage = Assessment.REVIEW if self.asks_for_assessment else Assessment.SIGN_OFF
        common = dict(
            page=page, workflow_state=task_state.workflow_state, task_state=task_state, revision=task_state.revision,
            stage=stage, reviewer=user, risk_tier_claimed_id=latest_answers_page(page).risk_tier_claimed_id,
            red_flags=flags_as_data(flags_for(page)),
        )
        if action_name == REQUEST_CHANGES:
            message = form.cleaned_data["message"].strip()
            assessment = Assessment.objects.create(decision=Assessment.CHANGES_REQUESTED, message=message, **common)
            log(instance=page, action="moderation.request_changes", user=user, data={"stage": stage})
            task_state.reject(user=user, comment=message)
        elif action_name in (DECLINE, WITHHOLD):
            reason = form.cleaned_data["reason"].strip()
            withheld = action_name == WITHHOLD
            assessment = Assessment.objects.create(
                decision=Assessment.WITHHELD if withheld else Assessment.DECLINED, message=reason,
                withhold_reason=form.cleaned_data.get("withhold_reason", ""), **common,
            )
            log(instance=page, action="moderation.withhold" if withheld else "moderation.decline", user=user,
                data={"stage": stage, "withhold_reason": assessment.withhold_reason})
            # Final: the task is rejected with the reason and the workflow ends; the Assessment says "declined".
            task_state.reject(user=user, update=False, comment=reason)
            task_state.workflow_state.cancel(user=user)
        elif action_name == APPROVE and self.asks_for_assessment:
            assessment = Assessment.record_review(form, **common)
            task_state.approve(user=user)
        elif action_name == APPROVE:
            comment = form.cleaned_data.get("comment", "").strip()
            go_live_at = form.cleaned_data.get("go_live_at")
            assessment = Assessment.objects.create(
                decision=Assessment.APPROVED, message=comment, go_live_at=go_live_at, **common
            )
            log(instance=page, action="moderation.sign_off", user=user,
                data={"go_live_at": go_live_at.isoformat() if go_live_at else None})
            task_state.approve(user=user, comment=comment)
        else:  # pragma: no cover - get_actions offers nothing else
            raise PermissionDenied
        return assessment


class ReviewTask(ModerationTask):
    """First task: a reviewer assesses the case against every active criterion."""

    asks_for_assessment = True

    class Meta:
        verbose_name = _("responsible-use review task")
        verbose_name_plural = _("responsible-use review tasks")

    def action_list(self) -> list[tuple[str, Any, bool]]:
        return [
            (APPROVE, _("Approve with assessment"), True),
            (REQUEST_CHANGES, _("Request changes"), True),
            (DECLINE, _("Decline"), True),
        ]

    @classmethod
    def get_description(cls) -> Any:
        return _(
            "A reviewer rates the case against every active criterion, clears or overrides red flags, and decides."
        )


class SignOffTask(ModerationTask):
    """Second task: an editor who did not approve the review signs it off (four-eyes); approval publishes."""

    class Meta:
        verbose_name = _("editorial sign-off task")
        verbose_name_plural = _("editorial sign-off tasks")

    def action_list(self) -> list[tuple[str, Any, bool]]:
        return [
            (APPROVE, _("Sign off and publish"), True),
            (REQUEST_CHANGES, _("Request changes"), True),
            (DECLINE, _("Decline"), True),
            (WITHHOLD, _("Withhold from publication"), True),
        ]

    def may_act(self, page: Any, user: Any) -> bool:
        if not super().may_act(page, user):
            return False
        return user.pk not in review_approvers(active_workflow_state(page))

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> models.QuerySet:
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(Exists(_approved_reviews(workflow_state=OuterRef("workflow_state"), finished_by=user)))

    def start(self, workflow_state: WorkflowState, user: Any = None) -> TaskState:
        """Sign off only what a reviewer approved: after a resubmission, the case goes back to review first.

        Wagtail resumes a workflow at the task that asked for changes; when that
        was this task, the answers have changed since the review, so the review
        task starts again on the new revision instead.
        """
        latest = workflow_state.content_object.get_latest_revision()
        reviewed = _approved_reviews(workflow_state=workflow_state, revision=latest).exists()
        review_task = ReviewTask.objects.filter(workflow_tasks__workflow=workflow_state.workflow, active=True).first()
        if not reviewed and review_task is not None:
            return review_task.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    @classmethod
    def get_description(cls) -> Any:
        return _("An editor who did not approve the review signs it off; sign-off publishes the case.")
