"""Wagtail's own lock and unlock follow the moderation queue's rules for a claim.

Issue 21, finding 4: a reviewer of the submitter's own organisation could not claim
a case through the queue (403), but ``POST /admin/pages/<id>/lock/`` succeeded, and
then everyone else saw them as the assignee and could not act. The lock now asks
the current task (``user_can_lock``/``user_can_unlock`` on the moderation tasks):
whoever may act on the task may lock; only the claimant or a superuser unlocks.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests import factories

from .cases import staff, submission_in
from .conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture(scope="module")
def people(module_db):
    from moderation.setup import EDITORS, REVIEWERS

    submitter = factories.submitter("owner@home-police.example.org")
    return {
        "submitter": submitter,
        "conflicted reviewer": staff(
            "reviewer@home-police.example.org", REVIEWERS, organisation=submitter.organisation
        ),
        "conflicted editor": staff("editor@home-police.example.org", EDITORS, organisation=submitter.organisation),
        "reviewer": staff("reviewer@review.example.org", REVIEWERS),
        "second reviewer": staff("reviewer2@review.example.org", REVIEWERS),
        "editor": staff("editor@review.example.org", EDITORS),
        "organiser": staff("organiser@meeting.example.org", "Moderators"),
        "administrator": factories.user("admin@review.example.org", is_staff=True, is_superuser=True),
    }


def lock(client, page):
    return client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))


def unlock(client, page):
    return client.post(reverse("wagtailadmin_pages:unlock", args=[page.pk]))


def locked_by(page):
    row = Page.objects.values("locked", "locked_by_id").get(pk=page.pk)
    return row["locked_by_id"] if row["locked"] else None


#: Who may lock a case at each task (the same people the queue lets claim it).
MAY_LOCK = {
    "review": {"reviewer", "second reviewer", "administrator"},
    "sign-off": {"editor", "administrator"},
}


@pytest.mark.parametrize("task", ["review", "sign-off"])
def test_only_those_who_may_act_on_the_task_lock_the_case(people, task):
    item = submission_in("submitted" if task == "review" else "in_review", people["submitter"],
                         reviewer=people["second reviewer"])
    for role, user in people.items():
        if role == "submitter":
            continue
        lock(client_for(user), item.page)
        holder = locked_by(item.page)
        if role in MAY_LOCK[task]:
            assert holder == user.pk, f"{role} should be able to claim at {task}"
        else:
            assert holder is None, f"{role} locked the case at {task}"
        Page.objects.filter(pk=item.page_id).update(locked=False, locked_by=None, locked_at=None)


def test_the_conflicted_reviewer_cannot_lock_through_wagtail_nor_claim_through_the_queue(people):
    item = submission_in("submitted", people["submitter"])
    client = client_for(people["conflicted reviewer"])
    assert lock(client, item.page).status_code in (302, 403)
    assert client.post(reverse("moderation:claim", args=[item.page_id])).status_code in (302, 403)
    assert locked_by(item.page) is None
    # The case stays open to the others.
    assert lock(client_for(people["reviewer"]), item.page).status_code == 302
    assert locked_by(item.page) == people["reviewer"].pk


def test_only_the_claimant_or_a_superuser_releases_a_claim(people):
    item = submission_in("submitted", people["submitter"])
    client_for(people["reviewer"]).post(reverse("moderation:claim", args=[item.page_id]))
    assert locked_by(item.page) == people["reviewer"].pk
    for role in ("second reviewer", "editor", "organiser", "conflicted reviewer", "conflicted editor"):
        client = client_for(people[role])
        unlock(client, item.page)
        client.post(reverse("moderation:release", args=[item.page_id]))
        assert locked_by(item.page) == people["reviewer"].pk, f"{role} released another reviewer's claim"
        lock(client, item.page)
        assert locked_by(item.page) == people["reviewer"].pk, f"{role} took over another reviewer's claim"
    unlock(client_for(people["administrator"]), item.page)
    assert locked_by(item.page) is None
    client_for(people["reviewer"]).post(reverse("moderation:claim", args=[item.page_id]))
    unlock(client_for(people["reviewer"]), item.page)
    assert locked_by(item.page) is None


@pytest.mark.parametrize("state", ["changes_requested", "published", "declined"])
def test_outside_a_task_only_superusers_lock_a_case(people, state):
    """A lock taken while no task runs would become a claim when the review resumes."""
    item = submission_in(state, people["submitter"])
    for role in ("reviewer", "editor", "organiser", "conflicted reviewer"):
        lock(client_for(people[role]), item.page)
        assert locked_by(item.page) is None, f"{role} locked a case in state {state}"
    lock(client_for(people["administrator"]), item.page)
    assert locked_by(item.page) == people["administrator"].pk


def test_the_task_hooks_say_the_same_as_the_queue(people):
    from moderation.workflow_states import active_workflow_state

    item = submission_in("submitted", people["submitter"])
    page = item.page.specific
    task = active_workflow_state(page).current_task_state.task.specific
    for role, user in people.items():
        if role == "submitter":
            continue
        assert task.user_can_lock(page, user) == task.may_act(page, user), role
        assert task.user_can_unlock(page, user) is False, role
