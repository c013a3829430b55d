"""The page editor points the people who decide to the review screen (``moderation.review_views.evidence``).

* a banner above the editor for whoever may act on the current task (and a
  support link for administrators who may not);
* the editor's footer: its main button is "Review and decide", and the task's
  actions (approve, request changes, decline) lead to their place on the
  review screen instead of Wagtail's modal, so nobody rates a case without its
  evidence;
* a decision posted through the editor itself (Wagtail's own path, still
  open) ends like one made on the review screen: a message saying what
  happened and what comes next, then the queue.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as django_messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem, WorkflowMenuItem

from showcase.models import UseCasePage

from .evidence_access import ACT, SUPPORT, evidence_access
from .models import Assessment
from .review_views import ACTION_ANCHORS, evidence_url

#: Set on the request before Wagtail's edit view acts, read after it (see ``after_edit``).
TASK_STATE_ATTRIBUTE = "_moderation_task_state_id"


class ReviewScreenLink(ActionMenuItem):
    """A footer item that is a link to (a part of) the review screen."""

    def __init__(self, url: str, label: Any, name: str, icon_name: str = "clipboard-list", order: int = 0) -> None:
        super().__init__(order=order)
        self.url, self.label, self.name, self.icon_name = url, label, name, icon_name

    def get_url(self, parent_context: dict[str, Any]) -> str:
        return self.url


def _case_in_review(page: Any) -> Any:
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    return specific if isinstance(specific, UseCasePage) else None


def announce_review_screen(request: Any, page: Any) -> None:
    """Above the editor: where to read the evidence and decide (GET only; nothing for others)."""
    case = _case_in_review(page)
    if request.method != "GET" or case is None:
        return
    access = evidence_access(case, request.user)
    if access.mode == ACT:
        messages.info(
            request,
            _("You decide on this case (“%(task)s”). Read every answer, including the confidential ones, and decide "
              "on the review screen.") % {"task": access.task.name},
            buttons=[messages.button(evidence_url(case), _("Open the review screen"))],
        )
    elif access.mode == SUPPORT:
        messages.info(
            request,
            _("Support: as an administrator you may read this case's answers (the opening is logged)."),
            buttons=[messages.button(evidence_url(case), _("Read the evidence"))],
        )


def point_footer_to_review_screen(menu_items: list, request: Any, context: dict[str, Any]) -> None:
    """The footer's main button opens the review screen; the task's actions link to their section of it."""
    case = _case_in_review(context["page"]) if context.get("page") is not None else None
    if case is None:
        return
    access = evidence_access(case, request.user)
    if access.mode != ACT:
        return
    url = evidence_url(case)
    labels = {name: label for name, label, _modal in access.actions}
    kept = [item for item in menu_items if not (isinstance(item, WorkflowMenuItem) and item.name in labels)]
    links = [ReviewScreenLink(url, gettext_lazy("Review and decide"), "moderation-review")]
    links += [
        ReviewScreenLink(f"{url}#{ACTION_ANCHORS[name]}", label, f"moderation-{name}", "arrow-right")
        for name, label in labels.items() if name in ACTION_ANCHORS
    ]
    menu_items[:] = links + kept


def remember_task_state(request: Any, page: Any) -> None:
    """Before Wagtail's edit view runs a workflow action: which task state it acts on."""
    case = _case_in_review(page)
    if request.method != "POST" or case is None or not request.POST.get("action-workflow-action"):
        return
    access = evidence_access(case, request.user)
    if access.offers(request.POST.get("workflow-action-name", "")):
        setattr(request, TASK_STATE_ATTRIBUTE, access.task_state.pk)


def after_edit(request: Any, page: Any) -> Any:
    """After a decision through the editor: our message instead of "Page … has been updated", then the queue."""
    task_state_id = getattr(request, TASK_STATE_ATTRIBUTE, None)
    if task_state_id is None:
        return None
    assessment = Assessment.objects.filter(task_state_id=task_state_id, reviewer=request.user).first()
    storage = django_messages.get_messages(request)
    kept = [message for message in storage if message.level != django_messages.SUCCESS]
    for message in kept:  # iterating marks every message read; put back all but Wagtail's "updated"
        storage.add(message.level, message.message, message.extra_tags)
    if assessment is None:
        return redirect("moderation:already_decided", task_state_id)
    return redirect("moderation:decision_made", assessment.pk)
