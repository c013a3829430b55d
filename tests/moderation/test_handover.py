"""The hand-over to the portal: one workflow, set up in one place; the decision read from the Assessment; signals.

``moderation.handover`` is all the portal asks of moderation, and
``moderation.signals`` is all moderation tells it (it never imports the portal).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import GroupPagePermission, WorkflowPage

from moderation import handover
from moderation.models import Assessment
from moderation.setup import EDITORS, REVIEWERS, WORKFLOW_NAME
from moderation.signals import case_published, decision_made
from moderation.workflow_states import active_workflow_state
from portal.models import Status
from tests import factories

from .conftest import complete_assessment, current_task_state

pytestmark = pytest.mark.embedded


def decide(page, user, action: str, **data):
    task_state = current_task_state(page)
    if action == "approve" and task_state.task.specific.asks_for_assessment:
        data = {**complete_assessment(task_state), **data}
    return task_state.task.specific.on_action(task_state, user, action, **data)


def stage(page) -> str:
    return handover.review_state(page).stage


def test_the_review_state_follows_the_stored_decisions(submitted, reviewer, editor):
    page = submitted.page
    assert stage(page) == handover.SUBMITTED
    decide(page, reviewer, "approve")
    assert stage(page) == handover.IN_REVIEW  # the review is approved: waiting for the sign-off
    decide(page, editor, "request_changes", message="Name who signs the data agreement.")
    state = handover.review_state(page)
    stored = Assessment.objects.get(decision=Assessment.CHANGES_REQUESTED)
    assert (state.stage, state.message, state.at) == (handover.CHANGES_REQUESTED, stored.message, stored.created_at)
    assert handover.latest_request_for_changes(page).message == "Name who signs the data agreement."
    # Resubmitted unchanged: back at the sign-off, yet "Submitted" (waiting), not "In review" from the round before.
    handover.start_review(page, submitted.submitter)
    assert stage(page) == handover.SUBMITTED and handover.latest_request_for_changes(page) is None
    decide(page, editor, "decline", reason="Out of scope: not a law-enforcement use.")
    state = handover.review_state(page)
    assert (state.stage, state.message) == (handover.DECLINED, "Out of scope: not a law-enforcement use.")


def test_a_sign_off_comment_never_reaches_the_submitter(submitted, reviewer, editor):
    decide(submitted.page, reviewer, "approve")
    decide(submitted.page, editor, "approve", comment="CONFIDENTIAL-SIGN-OFF-COMMENT for the editors")
    state = handover.review_state(submitted.page)
    assert state.stage == handover.APPROVED and state.message == ""
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert "CONFIDENTIAL" not in "".join(submitted.status_changes.values_list("message", flat=True))


def test_a_workflow_an_administrator_cancels_is_not_a_decline(submitted, administrator):
    # Wagtail's own "cancel workflow" (no decision of a reviewer): the case goes back to its submitter.
    active_workflow_state(submitted.page).cancel(user=administrator)
    assert stage(submitted.page) == handover.CANCELLED
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT


def test_every_decision_and_the_publication_are_told_once(submitted, reviewer, editor):
    told = []

    def listen(signal_name):
        def receiver(sender, page, **kwargs):
            told.append((signal_name, page.pk, getattr(kwargs.get("assessment"), "decision", None)))
        return receiver

    on_decision, on_publication = listen("decision_made"), listen("case_published")
    decision_made.connect(on_decision)
    case_published.connect(on_publication)
    try:
        decide(submitted.page, reviewer, "approve")
        decide(submitted.page, editor, "approve", comment="")
    finally:
        decision_made.disconnect(on_decision)
        case_published.disconnect(on_publication)
    page_id = submitted.page.pk
    assert told == [
        ("decision_made", page_id, Assessment.APPROVED),
        ("case_published", page_id, None),  # the sign-off's approval publishes, inside the decision
        ("decision_made", page_id, Assessment.APPROVED),
    ]


def test_every_case_is_reviewed_by_the_one_workflow_migrate_set_up(db):
    # No fixture runs setup_moderation here: migrate did (post_migrate), as on a fresh database.
    from moderation.models import ReviewTask, SignOffTask

    workflow = factories.catalogue().get_workflow()
    assert workflow.name == WORKFLOW_NAME
    assert [type(task.specific) for task in workflow.tasks.order_by("workflow_tasks__sort_order")] == [
        ReviewTask, SignOffTask
    ]
    item = factories.complete_submission()
    assert handover.start_review(item.page, item.submitter).workflow == workflow


def test_a_catalogue_created_later_gets_the_workflow_and_the_groups_permissions(workflow):
    from showcase.models import CataloguePage

    home = factories.catalogue().get_parent()
    later = home.add_child(instance=CataloguePage(title="Meeting cases", slug="meeting-cases"))
    assert later.get_workflow().name == WORKFLOW_NAME
    groups = set(GroupPagePermission.objects.filter(page=later).values_list("group__name", flat=True))
    assert groups == {REVIEWERS, EDITORS}


def test_without_a_workflow_the_handover_says_how_to_set_it_up(workflow):
    item = factories.complete_submission()
    WorkflowPage.objects.all().delete()
    with pytest.raises(ImproperlyConfigured, match="setup_moderation"):
        handover.start_review(item.page, item.submitter)


def test_a_provider_not_registered_answers_its_default():
    from moderation.providers import Provider

    need = Provider("a test need", default=())
    assert need("anything") == ()
    need.register(lambda value: (value,))
    assert need("anything") == ("anything",)
