"""Cases in every state a submission can reach, built the way the road builds them.

Shared by the security tests of the admin's page actions (private drafts, cases
that are never destroyed, claims) and of the submitter's pages in each state.
Every state goes through the portal's and the moderation app's own functions
(``portal.submission``, the tasks' ``on_action``), never by writing statuses.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import TaskState, WorkflowState

from tests import factories

#: Every state a submission can reach, and the one a broken database can leave behind.
STATES = (
    "draft",
    "submitted",
    "in_review",
    "changes_requested",
    "published",
    "declined",
    "withdrawn",
    "withdrawn_draft",
    "page_missing",
)


def task_state_of(page) -> TaskState:
    return WorkflowState.objects.for_instance(page).active().get().current_task_state


def assessment_data(task_state: TaskState) -> dict[str, str]:
    """A complete review assessment (every criterion rated, every red flag overridden), as the modal posts it."""
    from moderation.red_flag_answers import flags_for
    from moderation.forms import note_field, override_field, rating_field
    from moderation.models import Criterion
    from showcase.taxonomies import RiskTier

    page = task_state.workflow_state.content_object.specific
    data = {
        "task_state_id": str(task_state.pk),
        "public_summary": "The safeguards are proportionate.",
        "risk_tier": str(factories.taxonomy(RiskTier, "high-risk-annex-iii").pk),
    }
    for criterion in Criterion.objects.active():
        data[rating_field(criterion.code)] = "meets"
        data[note_field(criterion.code)] = f"Checked {criterion.code}."
    for flag in flags_for(page):
        data[override_field(flag.rule)] = f"Justified for {flag.rule} after checking the documents."
    return data


def act(page, user, action: str, **data: Any) -> None:
    """Take a workflow action as the admin's modal does (the task's own ``on_action``)."""
    task_state = task_state_of(page)
    if action == "approve" and task_state.task.specific.asks_for_assessment:
        data = {**assessment_data(task_state), **data}
    task_state.task.specific.on_action(task_state, user, action, **data)


def staff(email: str, group: str, **fields: Any):
    from django.contrib.auth.models import Group

    person = factories.user(email, is_staff=True, **fields)
    person.groups.add(Group.objects.get(name=group))
    return person


def submission_in(state: str, submitter=None, *, reviewer=None, editor=None, title: str = ""):
    """A submission of ``submitter`` (a new one by default) in ``state`` (one of ``STATES``), titled ``title``."""
    from moderation.setup import EDITORS, REVIEWERS
    from portal import submission as services
    from showcase import drafts

    item = factories.complete_submission(submitter)
    if title:
        drafts.save_draft(item.page, item.submitter, {"title": title})
    if state in ("draft", "withdrawn_draft", "page_missing"):
        if state == "withdrawn_draft":
            services.withdraw(item, item.submitter)
        if state == "page_missing":
            remove_page(item)
        item.refresh_from_db()
        return item
    services.submit(item, item.submitter)
    reviewer = reviewer or staff(f"reviewer-for-{item.pk}@review.example.org", REVIEWERS)
    editor = editor or staff(f"editor-for-{item.pk}@review.example.org", EDITORS)
    if state == "in_review":  # the review approved, waiting for the editorial sign-off
        act(item.page, reviewer, "approve")
    elif state == "changes_requested":
        act(item.page, reviewer, "request_changes", message="Please say who checks each alert.")
    elif state == "declined":
        act(item.page, reviewer, "decline", reason="Out of scope.")
    elif state == "withdrawn":
        services.withdraw(item, item.submitter)
    elif state == "published":
        act(item.page, reviewer, "approve")
        act(item.page, editor, "approve", comment="")
    item.refresh_from_db()
    return item


def remove_page(item) -> None:
    """What an old database may hold: a submission whose page was deleted (before the link was protected)."""
    from portal.models import Submission
    from wagtail.models import Page

    page_id = item.page_id
    Submission.objects.filter(pk=item.pk).update(page=None)
    Page.objects.get(pk=page_id).delete()
    item.refresh_from_db()
