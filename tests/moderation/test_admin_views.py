"""Every moderation admin view and action by role: submitter, attendee, reviewer, editor, administrator."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Workflow, WorkflowPage

from moderation.models import ReviewTask, SignOffTask
from moderation.setup import WORKFLOW_NAME, setup_moderation
from showcase.models import CataloguePage
from tests import factories

from .conftest import complete_assessment, current_task_state, post_action

pytestmark = pytest.mark.embedded


@pytest.fixture
def people(submitted, reviewer, editor, administrator):
    return {
        "submitter": submitted.submitter,
        "attendee": factories.attendee(),
        "reviewer": reviewer,
        "editor": editor,
        "administrator": administrator,
    }


def refused(response) -> bool:
    """Wagtail's admin turns PermissionDenied in its views into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


QUEUE_STATUS = {"submitter": 302, "attendee": 302, "reviewer": 200, "editor": 200, "administrator": 200}


@pytest.mark.parametrize("role", list(QUEUE_STATUS))
def test_queue_by_role(client, people, submitted, role):
    client.force_login(people[role])
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == QUEUE_STATUS[role]
    if response.status_code == 302:
        assert "/admin/" in response["Location"] or "login" in response["Location"]
    else:
        assert submitted.page.title in response.content.decode()


def test_queue_is_refused_to_staff_outside_the_moderation_groups(client, workflow):
    from django.contrib.auth.models import Group, Permission

    outsider = factories.user(is_staff=True)
    group = Group.objects.create(name="Other staff")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    outsider.groups.add(group)
    client.force_login(outsider)
    assert refused(client.get(reverse("moderation:queue")))


# Which roles may take each action on the review task (the submitter and attendee never reach the admin).
REVIEW_ACTIONS = {"reviewer": True, "administrator": True, "editor": False}


@pytest.mark.parametrize("role, allowed", list(REVIEW_ACTIONS.items()))
@pytest.mark.parametrize("action, data", [("request_changes", {"message": "Please clarify."}), ("decline", {"reason": "No."})])
def test_review_actions_by_role(client, people, submitted, role, allowed, action, data):
    client.force_login(people[role])
    response, payload = post_action(client, submitted.page, action, data)
    if allowed:
        assert payload["step"] == "success"
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ["submitter", "attendee"])
def test_workflow_actions_are_closed_to_non_staff(client, people, submitted, role):
    client.force_login(people[role])
    response, payload = post_action(client, submitted.page, "decline", {"reason": "No."})
    assert response.status_code in (302, 403)
    assert current_task_state(submitted.page).status == "in_progress"


@pytest.mark.parametrize("role, allowed", [("editor", True), ("administrator", True), ("reviewer", False)])
def test_sign_off_by_role(client, people, submitted, role, allowed, second_reviewer):
    client.force_login(second_reviewer)
    post_action(client, submitted.page, "approve", complete_assessment(current_task_state(submitted.page)))
    client.force_login(people[role])
    response, payload = post_action(client, submitted.page, "approve", {"comment": ""})
    if allowed:
        assert payload["step"] == "success"
        submitted.page.refresh_from_db()
        assert submitted.page.live
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role, status", [("submitter", 302), ("attendee", 302), ("editor", 302), ("reviewer", 302)])
def test_claim_by_role(client, people, submitted, role, status):
    client.force_login(people[role])
    response = client.post(reverse("moderation:claim", args=[submitted.page.pk]))
    submitted.page.refresh_from_db()
    if role == "reviewer":
        assert submitted.page.locked_by == people[role]
    elif role == "editor":
        # Editors act at sign-off, not on the review task: no claim.
        assert refused(response) and not submitted.page.locked
    else:
        assert response.status_code == 302 and not submitted.page.locked


def test_claim_needs_post(client, people, submitted):
    client.force_login(people["reviewer"])
    assert client.get(reverse("moderation:claim", args=[submitted.page.pk])).status_code == 405


def test_release_only_own_claim(client, people, submitted, second_reviewer):
    client.force_login(people["reviewer"])
    client.post(reverse("moderation:claim", args=[submitted.page.pk]))
    client.force_login(second_reviewer)
    assert refused(client.post(reverse("moderation:release", args=[submitted.page.pk])))
    client.force_login(people["reviewer"])
    assert client.post(reverse("moderation:release", args=[submitted.page.pk])).status_code == 302
    submitted.page.refresh_from_db()
    assert not submitted.page.locked


def test_queue_filters_and_order(client, people, submitted, workflow):
    from portal.submission import submit

    second = factories.complete_submission()
    submit(second, second.submitter)
    client.force_login(people["reviewer"])
    html = client.get(reverse("moderation:queue")).content.decode()
    assert html.index(submitted.page.title) < html.index(second.page.title) or submitted.page.title == second.page.title
    type(second).objects.filter(pk=second.pk).update(logging_enabled="no")
    response = client.get(reverse("moderation:queue"), {"red_flags": "yes"})
    assert [row.page.pk for row in response.context["rows"]] == [second.page.pk]
    response = client.get(reverse("moderation:queue"), {"claimed": "mine"})
    assert response.context["rows"] == []
    response = client.get(reverse("moderation:queue"), {"risk_tier": "minimal"})
    assert response.context["rows"] == []
    response = client.get(reverse("moderation:queue"), {"task": str(SignOffTask.objects.get().pk)})
    assert response.context["rows"] == []


def test_dashboard_panel_counts(client, people, submitted):
    client.force_login(people["reviewer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Moderation queue" in html and "1 case in review" in html


def test_criteria_snippet_editors_only(client, people):
    url = reverse("wagtailsnippets_moderation_criterion:list")
    client.force_login(people["editor"])
    assert client.get(url).status_code == 200
    client.force_login(people["submitter"])
    assert client.get(url).status_code == 302


def test_submitters_get_no_wagtail_workflow_email(client, submitted, reviewer):
    mail.outbox.clear()
    client.force_login(reviewer)
    post_action(client, submitted.page, "request_changes", {"message": "Please add the dates."})
    # Wagtail's "rejected" e-mail (with admin links) would go to the requester, the submitter: it does not.
    assert not [m for m in mail.outbox if submitted.submitter.email in m.to]
    # The portal's own e-mail is queued instead (sent after commit).
    from portal.models import OutboxEmail

    assert OutboxEmail.objects.filter(submission=submitted, kind="changes_requested").exists()


def test_reviewers_are_told_of_new_work_but_not_the_conflicted(workflow, reviewer):
    from portal.submission import submit

    from .conftest import staff

    item = factories.complete_submission()
    colleague = staff("colleague2@police.example.org", "Reviewers", organisation=item.organisation)
    mail.outbox.clear()
    submit(item, item.submitter)
    recipients = {address for m in mail.outbox for address in m.to}
    assert reviewer.email in recipients
    assert colleague.email not in recipients


def test_setup_is_idempotent_and_assigns_the_catalogue(db):
    first = setup_moderation()
    second = setup_moderation()
    assert first == second
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert ReviewTask.objects.count() == 1 and SignOffTask.objects.count() == 1
    catalogue = CataloguePage.objects.get()
    assert WorkflowPage.objects.get(page=catalogue).workflow.name == WORKFLOW_NAME


def test_setup_command(db, capsys):
    call_command("setup_moderation")
    assert "assigned to 1 catalogue" in capsys.readouterr().out


def test_setup_recreates_what_a_flush_removed(db):
    from django.contrib.auth.models import Group

    Workflow.objects.all().delete()
    Group.objects.filter(name__in=["Reviewers", "Editors"]).delete()
    setup_moderation()
    assert Workflow.objects.filter(name=WORKFLOW_NAME, active=True).exists()
    assert Group.objects.filter(name="Reviewers").exists()
