"""Every state a submission can reach gives its submitter a working page, never a server error.

Issue 21, finding 1: after staff deleted a case page, its submitter got a 500 on
"Check your answers" and when saving a step. Pages are no longer deleted, but a
database may still hold a submission without its page; and every other state
(draft, submitted, in review, changes requested, published, declined, withdrawn)
must answer each page of the portal with a page the submitter can use.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.wizard import STEPS
from tests import factories

from .cases import STATES, submission_in
from .conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def requests_of_the_submitter(item) -> list[tuple[str, str, dict]]:
    pk = item.pk
    requests = [("get", reverse("submissions:list"), {}), ("get", reverse("submissions:detail", args=[pk]), {}),
                ("get", reverse("submissions:submitted", args=[pk]), {}),
                ("get", reverse("submissions:withdraw", args=[pk]), {})]
    requests += [("get", reverse("submit:step", args=[pk, step.slug]), {}) for step in STEPS]
    requests += [
        ("post", reverse("submit:step", args=[pk, "use-case"]), factories.step_data("use-case")),
        ("post", reverse("submit:step", args=[pk, "media"]), {**factories.step_data("media"), "action": "later"}),
        ("post", reverse("submit:step", args=[pk, "check"]), {}),
    ]
    return requests


@pytest.fixture(scope="module")
def submissions(module_db) -> dict:
    """One submission in each state, built once."""
    return {state: submission_in(state) for state in STATES}


@pytest.mark.parametrize("state", STATES)
def test_every_page_of_the_portal_works_in_every_state(submissions, state):
    item = submissions[state]
    item.refresh_from_db()
    client = client_for(item.submitter, raise_request_exception=False)
    broken = []
    for method, url, data in requests_of_the_submitter(item):
        response = getattr(client, method)(url, data)
        if response.status_code == 302:
            response = client.get(response["Location"])
        if response.status_code != 200:
            broken.append(f"{method.upper()} {url} → {response.status_code}")
    assert not broken, f"{state}:\n  " + "\n  ".join(broken)


@pytest.mark.parametrize("state", STATES)
def test_a_colleague_reads_every_state(submissions, state):
    item = submissions[state]
    colleague = factories.submitter(f"colleague-{state}@police.example.org", org=item.organisation)
    client = client_for(colleague, raise_request_exception=False)
    assert client.get(reverse("submissions:detail", args=[item.pk])).status_code == 200
    assert client.get(reverse("submissions:list")).status_code == 200


def test_a_draft_whose_page_is_missing_gets_a_new_page_and_can_be_finished(submissions):
    from portal.models import Status
    from portal.submission import missing_answers

    item = submissions["page_missing"]
    item.refresh_from_db()
    client = client_for(item.submitter)
    response = client.get(reverse("submit:step", args=[item.pk, "use-case"]))
    assert response.status_code == 200
    assert "enter them again" in response.content.decode()
    item.refresh_from_db()
    assert item.page_id is not None and item.page.owner == item.submitter
    # The confidential answers were kept; the public ones are asked for again.
    assert item.contact_name == factories.CONFIDENTIAL_MARKERS["contact_name"]
    assert "use-case" in missing_answers(item)
    for step in STEPS:
        if step.form_class is not None:
            response = client.post(reverse("submit:step", args=[item.pk, step.slug]), factories.step_data(step.slug))
            assert response.status_code == 302, step.slug
    assert client.post(reverse("submit:step", args=[item.pk, "check"])).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_the_services_do_not_break_on_a_missing_page(submissions):
    from portal import submission as services

    item = submissions["page_missing"]
    item.refresh_from_db()
    assert services.stored_answers(item) == {}
    assert "use-case" in services.missing_answers(item)
    with pytest.raises(services.Incomplete):
        services.submit(item, item.submitter)
