"""A step posted to a case its submitter may no longer change is refused, with what they are told, and saves nothing.

The save reads the submission and its page once, under the lock (``portal.submission.locked_for_saving``):
these pin the refusals that read must keep: a case handed to the reviewers, declined or withdrawn (told its
status), and one whose stored status lags behind its review (refused by the save's own status check).
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Revision

from portal.models import Status, Submission
from showcase import drafts
from tests import factories
from tests.security.cases import submission_in

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

HIJACK = "Changed after the hand-over"


@pytest.fixture(scope="module")
def cases(module_db) -> dict:
    return {state: submission_in(state) for state in ("submitted", "in_review", "declined", "withdrawn")}


def post_step(client, item):
    return client.post(reverse("submit:step", args=[item.pk, "use-case"]), factories.step_data("use-case", title=HIJACK))


def revisions_of(item) -> int:
    return Revision.page_revisions.filter(object_id=str(item.page_id)).count()


@pytest.mark.parametrize("state", ["submitted", "in_review", "declined", "withdrawn"])
def test_a_closed_case_is_refused_and_its_status_named(client, cases, state):
    item = Submission.objects.get(pk=cases[state].pk)
    before = revisions_of(item)
    client.force_login(item.submitter)
    response = post_step(client, item)
    assert response.status_code == 302 and response["Location"] == reverse("submissions:detail", args=[item.pk])
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert told == [f"This submission cannot be changed now: it is {item.get_status_display().lower()}."]
    assert revisions_of(item) == before and drafts.draft_of(item.page).title != HIJACK


def test_a_stored_status_behind_the_review_is_refused_by_the_save(client, cases):
    """Stored "draft" while the case is with the reviewers: the save's own status check refuses it, nothing kept."""
    item = Submission.objects.get(pk=cases["submitted"].pk)
    Submission.objects.filter(pk=item.pk).update(status=Status.DRAFT)
    before = revisions_of(item)
    client.force_login(item.submitter)
    response = post_step(client, item)
    assert response.status_code == 302 and response["Location"] == reverse("submissions:detail", args=[item.pk])
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["This submission cannot be changed now."]
    assert revisions_of(item) == before and drafts.draft_of(item.page).title != HIJACK
    # Refused before anything was written: the refreshed status went back with the refusal, as before.
    assert Submission.objects.get(pk=item.pk).status == Status.DRAFT
