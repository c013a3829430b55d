"""Carrying out a reviewer's or editor's decision: one decision per task, recorded, logged.

``act`` is what both tasks' ``on_action`` call. It locks the workflow state
and the task state (``select_for_update``), so when two people act on the
same task at once the second waits, then finds the task decided and is sent
to a page that says who decided it and when: one decision, a clear message.

The submitter hears of a decision through the portal: Wagtail's workflow
signals (rejected, cancelled) and the publish signal refresh the
submission's status (``portal.status``), which e-mails once per change with
the reviewers' message, the reason or the public link.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState

from .tasks import APPROVE, DECLINE, REQUEST_CHANGES


class DecisionRefused(PermissionDenied):
    """The data does not allow the decision (e.g. an incomplete assessment posted around the form)."""

    def __init__(self, errors: Any) -> None:
        super().__init__(str(errors))
        self.errors = errors


def already_decided_url(task_state: TaskState) -> str:
    return reverse("moderation:already_decided", args=[task_state.pk])


def decision_made_url(assessment: Any) -> str:
    """Where the decider lands: a message saying what happened and what comes next, then the queue."""
    return reverse("moderation:decision_made", args=[assessment.pk])


def release_claim(page: Any, user: Any) -> None:
    """A decision ends the decider's claim (page lock) on the case."""
    if page.locked and page.locked_by_id == getattr(user, "pk", None):
        type(page).objects.filter(pk=page.pk).update(locked=False, locked_by=None, locked_at=None)
        page.locked, page.locked_by, page.locked_at = False, None, None
        log(instance=page, action="moderation.release", user=user)


@transaction.atomic
def act(task: Any, task_state: TaskState, user: Any, action_name: str, data: dict[str, Any]) -> str:
    """Carry out ``action_name`` on ``task_state`` for ``user``; returns where to send them next.

    Wagtail's workflow action view redirects there (``on_action``'s return value).
    """
    workflow_state = WorkflowState.objects.select_for_update().get(pk=task_state.workflow_state_id)
    locked = TaskState.objects.select_for_update().get(pk=task_state.pk)
    if locked.status != TaskState.STATUS_IN_PROGRESS or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return already_decided_url(locked)
    locked.workflow_state = workflow_state
    page = workflow_state.content_object.specific
    if action_name not in {name for name, _label, _modal in task.get_actions(page, user)}:
        raise PermissionDenied
    form = task.get_form_for_action(action_name)(data=_as_form_data(data, locked), task_state=locked)
    if not form.is_valid():
        raise DecisionRefused(form.errors)

    from .answers import flags_as_data, flags_for, latest_answers_page
    from .models import Assessment

    answers_page = latest_answers_page(page)
    stage = Assessment.REVIEW if task.asks_for_assessment else Assessment.SIGN_OFF
    common = dict(
        page=page, workflow_state=workflow_state, task_state=locked, revision=locked.revision, stage=stage,
        reviewer=user, risk_tier_claimed_id=answers_page.risk_tier_claimed_id,
        red_flags=flags_as_data(flags_for(page)),
    )
    release_claim(page, user)
    if action_name == REQUEST_CHANGES:
        message = form.cleaned_data["message"].strip()
        assessment = Assessment.objects.create(decision=Assessment.CHANGES_REQUESTED, message=message, **common)
        log(instance=page, action="moderation.request_changes", user=user, data={"stage": stage})
        locked.reject(user=user, comment=message)
    elif action_name == DECLINE:
        reason = form.cleaned_data["reason"].strip()
        assessment = Assessment.objects.create(decision=Assessment.DECLINED, message=reason, **common)
        log(instance=page, action="moderation.decline", user=user, data={"stage": stage})
        # Final: the task is rejected with the reason, and the workflow ends (moderation.review reads
        # "rejected, then cancelled by a reviewer" as declined).
        locked.reject(user=user, update=False, comment=reason)
        workflow_state.cancel(user=user)
    elif action_name == APPROVE and task.asks_for_assessment:
        assessment = _record_assessment(form, common, page, user)
        locked.approve(user=user)
    elif action_name == APPROVE:
        comment = form.cleaned_data.get("comment", "").strip()
        assessment = Assessment.objects.create(decision=Assessment.APPROVED, message=comment, **common)
        log(instance=page, action="moderation.sign_off", user=user)
        locked.approve(user=user, comment=comment)
    else:  # pragma: no cover - get_actions offers nothing else
        raise PermissionDenied
    return decision_made_url(assessment)


def _record_assessment(form: Any, common: dict[str, Any], page: Any, user: Any) -> Any:
    from .models import Assessment, Rating, RedFlagOverride

    assessment = Assessment.objects.create(
        decision=Assessment.APPROVED,
        risk_tier_id=int(form.cleaned_data["risk_tier"]),
        public_summary=form.cleaned_data["public_summary"].strip(),
        **common,
    )
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment, criterion=criterion, code=criterion.code, principle=criterion.principle,
            question=criterion.question, rating=rating, note=note, sort_order=index,
        )
        for index, (criterion, rating, note) in enumerate(form.ratings())
    )
    log(
        instance=page, action="moderation.rate", user=user,
        data={"assessment": assessment.pk, "ratings": {c.code: rating for c, rating, _note in form.ratings()}},
    )
    for flag, justification in form.overrides():
        RedFlagOverride.objects.create(
            assessment=assessment, rule=flag.rule, criterion_code=flag.criterion, flag_message=str(flag.message),
            justification=justification,
        )
        log(
            instance=page, action="moderation.override", user=user,
            data={"assessment": assessment.pk, "rule": flag.rule, "justification": justification},
        )
    log(
        instance=page, action="moderation.approve", user=user,
        data={"assessment": assessment.pk, "risk_tier": assessment.risk_tier_id,
              "risk_tier_corrected": assessment.risk_tier_corrected},
    )
    return assessment


def _as_form_data(data: dict[str, Any], task_state: TaskState) -> dict[str, Any]:
    """Cleaned data (from the modal or the editor's JSON) as form data again."""
    values = {name: ("" if value is None else value) for name, value in data.items()}
    values.setdefault("task_state_id", task_state.pk)
    return values


def record_publication(workflow_state: WorkflowState, user: Any = None) -> None:
    from .models import Assessment

    Assessment.objects.filter(workflow_state=workflow_state, decision=Assessment.APPROVED).update(
        published_at=timezone.now()
    )
