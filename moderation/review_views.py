"""The review screen: a case's evidence next to the decision, and the message after a decision.

``evidence`` shows every answer of the submission (public, summary and
confidential) grouped by criterion, to whoever may act on the case's current
task (``moderation.evidence_access``), with that task's decision forms: the
assessment (a rating and note beside each criterion's evidence), request
changes, decline; or, at sign-off, the reviewer's assessment and the sign-off.
Administrators who may not act read it for support, without the forms. Every
opening is written to Wagtail's audit log (the page's history).

A decision posted here goes through the task's own ``on_action`` — exactly
what Wagtail's workflow action view calls — so every rule (complete
assessment, red-flag overrides, four-eyes, conflict of interest, claims, one
decision per task) holds whichever screen it came from.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import RadioSelect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail.models import TaskState

from showcase.models import UseCasePage

from .actions import APPROVE, DECLINE, REQUEST_CHANGES
from .evidence import build_evidence
from .evidence_access import ACT, EvidenceAccess, evidence_access
from .forms import note_field, override_field, rating_field
from .models import Assessment
from .outcomes import outcome_of
from .queue import is_moderator

VIEW_EVIDENCE = "moderation.view_evidence"
VIEW_EVIDENCE_SUPPORT = "moderation.view_evidence_support"
ACTIONS = (APPROVE, REQUEST_CHANGES, DECLINE)
#: Where each action's form is on the review screen.
ACTION_ANCHORS = {APPROVE: "decide-approve", REQUEST_CHANGES: "decide-request-changes", DECLINE: "decide-decline"}


def evidence_url(page: Any) -> str:
    return reverse("moderation:evidence", args=[page.pk])


def _decision_forms(access: EvidenceAccess, data: Any = None, posted: str = "") -> dict[str, Any]:
    """One form per action the person may take; only the posted one is bound."""
    forms = {}
    for action in ACTIONS:
        if access.offers(action):
            form_class = access.task.get_form_for_action(action)
            forms[action] = form_class(data if action == posted else None, task_state=access.task_state)
    return forms


def error_links(form: Any) -> list[tuple[str, str]]:
    """(anchor, text) for each error of a posted form: the error summary links to the field."""
    if form is None or not form.is_bound:
        return []
    links = [("", str(message)) for message in form.non_field_errors()]
    for bound in (form[name] for name in _page_order(form)):
        anchor = f"{bound.auto_id}_0" if isinstance(bound.field.widget, RadioSelect) else bound.auto_id
        label = str(bound.label)
        # A label that is a question or a sentence (a criterion, a red flag) reads on into the message.
        joined = "{label} {message}" if label.endswith(("?", ".", "!")) else "{label}: {message}"
        links += [(anchor, joined.format(label=label, message=message)) for message in bound.errors]
    return links


def _page_order(form: Any) -> list[str]:
    """The approve form's fields in the order the review screen shows them: criterion by criterion, then the rest."""
    criteria = getattr(form, "criteria", None)
    if criteria is None:
        return list(form.fields)
    names = []
    for criterion in criteria:
        names += [override_field(flag.rule) for flag in form.flags if flag.criterion == criterion.code]
        names += [rating_field(criterion.code), note_field(criterion.code)]
    return names + [name for name in form.fields if name not in names]


def evidence(request, page_id: int):
    if not is_moderator(request.user):
        raise PermissionDenied
    page = get_object_or_404(UseCasePage, pk=page_id)
    access = evidence_access(page, request.user)
    if access.mode is None:
        messages.error(request, access.reason)
        return redirect("moderation:queue")
    posted = ""
    if request.method == "POST":
        posted = request.POST.get("action", "")
        if not access.offers(posted):
            raise PermissionDenied
        if request.POST.get("task_state_id") != str(access.task_state.pk):
            return _moved_on(request, request.POST.get("task_state_id", ""))
    forms = _decision_forms(access, request.POST if posted else None, posted)
    if posted:
        form = forms[posted]
        if form.is_valid():
            next_url = access.task.on_action(access.task_state, request.user, posted, **form.cleaned_data)
            return redirect(next_url or "moderation:queue")
    log(
        instance=page,
        action=VIEW_EVIDENCE if access.mode == ACT else VIEW_EVIDENCE_SUPPORT,
        user=request.user,
        data={"task": access.task.name, "task_state": access.task_state.pk},
    )
    approve_form = forms.get(APPROVE) if getattr(access.task, "asks_for_assessment", False) else None
    context = {
        "page": page,
        "access": access,
        "evidence": build_evidence(page, access.task_state, approve_form),
        "approve_form": approve_form,
        "sign_off_form": forms.get(APPROVE) if approve_form is None else None,
        "request_changes_form": forms.get(REQUEST_CHANGES),
        "decline_form": forms.get(DECLINE),
        "error_links": error_links(forms.get(posted)),
        "action_labels": {name: label for name, label, _modal in access.actions},
        "decision_links": [
            (ACTION_ANCHORS[name], label, name == APPROVE) for name, label, _modal in access.actions
            if name in ACTION_ANCHORS
        ],
    }
    return TemplateResponse(request, "moderation/evidence.html", context)


def _moved_on(request, task_state_id: str):
    """The form was for a round or a step that is over (someone decided meanwhile)."""
    plausible = task_state_id.isascii() and task_state_id.isdigit()  # "²" is a digit to isdigit(), not to int()
    task_state = TaskState.objects.filter(pk=int(task_state_id)).first() if plausible else None
    if task_state is not None and task_state.status != TaskState.STATUS_IN_PROGRESS:
        return redirect("moderation:already_decided", task_state.pk)
    messages.warning(
        request, _("Your decision was not recorded: the case has moved on since you opened it. Open it again.")
    )
    return redirect("moderation:queue")


def decision_made(request, assessment_id: int):
    """After a decision: say what happened and what comes next, then show the queue."""
    if not is_moderator(request.user):
        raise PermissionDenied
    assessment = Assessment.objects.filter(pk=assessment_id, reviewer=request.user).select_related("page").first()
    if assessment is not None:
        outcome = outcome_of(assessment)
        getattr(messages, outcome.level)(request, outcome.message, buttons=list(outcome.buttons))
    return redirect("moderation:queue")
