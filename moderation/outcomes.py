"""What the decider is told after a decision: what happened, and what comes next.

Read from the stored decision (``Assessment``) and where the workflow stands
now, so the message is true whichever way the decision was posted (the review
screen, Wagtail's workflow modal, the page editor).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import WorkflowState

from .go_live import format_go_live, scheduled_go_live
from .latest_revision import latest_answers_page
from .models import Assessment, SignOffTask


@dataclass(frozen=True)
class Outcome:
    level: str  # "success" or "info"
    message: SafeString
    buttons: tuple[tuple[str, str, bool], ...] = ()  # wagtail.admin.messages.button(...)


def case_link(page: Any) -> str:
    """The published case for the decider: its public address, or the admin's view of it when restricted."""
    if page.get_view_restrictions().exists():
        return reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    return page.url or reverse("wagtailadmin_pages:view_draft", args=[page.pk])


def organisation_of(page: Any) -> str:
    return latest_answers_page(page).organisation_name or _("the submitter")


def outcome_of(assessment: Assessment) -> Outcome:
    page = assessment.page.specific
    title = page.get_admin_display_title()
    if assessment.decision == Assessment.CHANGES_REQUESTED:
        return Outcome("success", format_html(
            _("Changes requested from {organisation}. They are e-mailed your message about “{title}”; "
              "the case comes back to this queue when they resubmit."),
            organisation=organisation_of(page), title=title,
        ))
    if assessment.decision == Assessment.DECLINED:
        return Outcome("success", format_html(
            _("Declined: “{title}” will not be published. The submitter is told your reason."), title=title,
        ))
    page.refresh_from_db()
    if page.live and assessment.workflow_state and assessment.workflow_state.status == WorkflowState.STATUS_APPROVED:
        return Outcome(
            "success",
            format_html(_("Published — “{title}” is in the catalogue and the submitter is told."),
                        title=title),
            (messages.button(case_link(page), _("View the case")),),
        )
    go_live_at = scheduled_go_live(page)
    if go_live_at is not None and assessment.workflow_state and (
        assessment.workflow_state.status == WorkflowState.STATUS_APPROVED
    ):
        return Outcome("success", format_html(
            _("Scheduled — “{title}” goes live on {date}; until then it stays out of the catalogue. "
              "The submitter is told the date."),
            title=title, date=format_go_live(go_live_at),
        ))
    state = WorkflowState.objects.filter(pk=assessment.workflow_state_id).select_related(
        "current_task_state__task"
    ).first()
    task = state.current_task_state.task.specific if state and state.current_task_state else None
    if isinstance(task, SignOffTask):
        return Outcome("success", format_html(
            _("Sent to editorial sign-off: “{title}” now waits for an editor who did not review it."), title=title,
        ))
    return Outcome("info", format_html(
        _("Approved “{title}”. Next step: {task}."), title=title, task=task.name if task else _("none"),
    ))
