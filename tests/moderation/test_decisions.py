"""Approval rules: a complete assessment, four-eyes, conflict of interest, claims, and one decision per task."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState

from moderation.forms import override_field, rating_field
from moderation.models import Assessment
from moderation.conflicts import conflicted_page_ids
from tests import factories

from .conftest import complete_assessment, current_task_state, post_action, staff

pytestmark = pytest.mark.embedded


@pytest.fixture
def flagged(submitted):
    """The submitted case with one red flag (the supplier may reuse data without an agreement)."""
    type(submitted).objects.filter(pk=submitted.pk).update(supplier_may_reuse_data="yes")
    return submitted


def test_approval_is_refused_until_complete_with_field_errors(client, flagged, reviewer):
    page = flagged.page
    task_state = current_task_state(page)
    data = complete_assessment(task_state)
    del data[rating_field("legal-basis")]
    data[override_field("supplier-reuses-data")] = ""
    data["public_summary"] = ""
    client.force_login(reviewer)
    response, payload = post_action(client, page, "approve", data)
    assert payload["step"] == "action"
    html = payload["html"]
    assert "Rate this criterion." in html
    assert "Override this red flag with a written justification" in html
    assert "Write the public summary of the review." in html
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS
    assert not Assessment.objects.exists()

    data = complete_assessment(task_state, overrides={"supplier-reuses-data": "ok"})
    response, payload = post_action(client, page, "approve", data)
    assert payload["step"] == "action" and "fuller justification" in payload["html"]

    response, payload = post_action(client, page, "approve", complete_assessment(task_state))
    assert payload["step"] == "success"


def test_the_approve_modal_shows_red_flags_first_and_every_criterion(client, flagged, reviewer):
    page = flagged.page
    task_state = current_task_state(page)
    client.force_login(reviewer)
    response = client.get(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
                          HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    html = response.json()["html"]
    assert html.index("Red flags") < html.index("Criteria")
    assert "The supplier may reuse operational data without an agreement." in html
    assert html.count('type="radio"') >= 12 * 4


def test_on_action_validates_data_that_bypasses_the_form(flagged, reviewer):
    from moderation.actions import DecisionRefused

    task_state = current_task_state(flagged.page)
    data = complete_assessment(task_state)
    data.pop(override_field("supplier-reuses-data"))
    with pytest.raises(DecisionRefused):
        task_state.task.specific.on_action(task_state, reviewer, "approve", **data)
    assert current_task_state(flagged.page).status == TaskState.STATUS_IN_PROGRESS


def test_four_eyes_the_reviewer_who_approved_cannot_sign_off(client, submitted, workflow):
    from django.contrib.auth.models import Group

    both = staff("both@review.example.org", "Reviewers")
    both.groups.add(Group.objects.get(name="Editors"))
    page = submitted.page
    client.force_login(both)
    post_action(client, page, "approve", complete_assessment(current_task_state(page)))
    sign_off = current_task_state(page)
    task = sign_off.task.specific
    assert task.get_actions(page, both) == []
    response, _payload = post_action(client, page, "approve", {"comment": ""}, task_state=sign_off)
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        task.on_action(sign_off, both, "approve", comment="")
    assert not task.get_task_states_user_can_moderate(both).exists()
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS


def test_conflict_of_interest_hides_and_refuses(client, submitted, workflow):
    colleague = staff("colleague@police.example.org", "Reviewers", organisation=submitted.organisation)
    page = submitted.page
    task_state = current_task_state(page)
    task = task_state.task.specific
    assert task.get_actions(page, colleague) == []
    assert str(page.pk) in conflicted_page_ids(colleague)
    assert not task.get_task_states_user_can_moderate(colleague).exists()
    client.force_login(colleague)
    response, _ = post_action(client, page, "approve", complete_assessment(task_state))
    assert response.status_code == 403
    response = client.get(reverse("moderation:queue"))
    assert page.title not in response.content.decode()


def test_sequential_double_post_gives_one_decision_and_a_message(client, submitted, reviewer, second_reviewer):
    page = submitted.page
    task_state = current_task_state(page)
    client.force_login(reviewer)
    post_action(client, page, "approve", complete_assessment(task_state))
    client.force_login(second_reviewer)
    response, payload = post_action(client, page, "decline", {"reason": "Too late."}, task_state=task_state)
    assert payload["step"] == "success"
    assert payload["redirect"] == reverse("moderation:already_decided", args=[task_state.pk])
    page_response = client.get(payload["redirect"], follow=True)
    assert "already decided" in page_response.content.decode()
    assert Assessment.objects.filter(task_state=task_state).count() == 1


def test_a_claim_locks_others_out(client, submitted, reviewer, second_reviewer):
    page = submitted.page
    client.force_login(reviewer)
    response = client.post(reverse("moderation:claim", args=[page.pk]))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.locked and page.locked_by == reviewer
    task = current_task_state(page).task.specific
    assert task.get_actions(page, second_reviewer) == []
    assert task.get_actions(page, reviewer)
    client.force_login(second_reviewer)
    client.post(reverse("moderation:claim", args=[page.pk]))
    page.refresh_from_db()
    assert page.locked_by == reviewer
    assert PageLogEntry.objects.filter(page=page, action="moderation.claim", user=reviewer).exists()
    # The decision releases the claim
    client.force_login(reviewer)
    post_action(client, page, "request_changes", {"message": "More detail please."})
    page.refresh_from_db()
    assert not page.locked


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_give_one_decision(postgres):
    """A real race: two threads decide the same task; select_for_update lets one win."""
    from moderation.setup import setup_moderation
    from portal.submission import submit
    from tests.portal.conftest import restore_migrated_rows

    restore_migrated_rows()  # an earlier transactional test may have flushed them
    setup_moderation()
    first = staff("race-one@review.example.org", "Reviewers")
    second = staff("race-two@review.example.org", "Reviewers")
    item = factories.complete_submission()
    submit(item, item.submitter)
    task_state = current_task_state(item.page)
    data = complete_assessment(task_state)
    barrier = threading.Barrier(2)
    results = {}

    def decide(user, action, payload):
        try:
            barrier.wait()
            state = TaskState.objects.get(pk=task_state.pk)
            results[user.email] = state.task.specific.on_action(state, user, action, **payload)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, "approve", data)),
        threading.Thread(target=decide, args=(second, "decline", {"reason": "Declined at the same time."})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Assessment.objects.filter(task_state=task_state).count() == 1
    winner = Assessment.objects.get(task_state=task_state)
    assert sorted(results.values()) == sorted([
        reverse("moderation:decision_made", args=[winner.pk]),  # the winner is told what happened
        reverse("moderation:already_decided", args=[task_state.pk]),  # the other, who decided first
    ])


def test_the_editor_path_collects_json_safe_data_then_acts(client, flagged, reviewer):
    """The page editor collects the modal's data as JSON, then posts it back with the edit form."""
    import json

    page = flagged.page
    task_state = current_task_state(page)
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:collect_workflow_action_data", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, complete_assessment(task_state), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    payload = response.json()
    assert payload["step"] == "success"
    cleaned = json.loads(json.dumps(payload["cleaned_data"]))
    task_state.task.specific.on_action(task_state, reviewer, "approve", **cleaned)
    assert Assessment.objects.get(task_state=task_state).overrides.count() == 1
