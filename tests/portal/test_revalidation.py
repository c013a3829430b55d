"""Re-validation reminders and answers: 30 and 7 days before the due day (once each), "still accurate", retired.

Frozen clock (time-machine); the command is called directly, as the scheduler does.
"""

from __future__ import annotations

from datetime import date, datetime, timezone as dt_timezone

import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from portal.models import OutboxEmail, Submission
from portal.revalidation import confirm_token, page_id_from_token
from showcase.models import UseCasePage
from showcase.taxonomies import DeploymentStage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

DUE = date(2027, 3, 31)


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 6, tzinfo=dt_timezone.utc), tick=False)


@pytest.fixture
def case():
    owner = factories.submitter("owner@police.example.org", language="fr")
    colleague = factories.submitter("colleague@police.example.org", org=owner.organisation, language="es")
    factories.submitter("waiting@police.example.org", org=owner.organisation, confirmed=False)
    page = factories.use_case(title="Reminder case")
    UseCasePage.objects.filter(pk=page.pk).update(review_due=DUE, last_confirmed=date(2026, 3, 31))
    submission = Submission.objects.create(
        submitter=owner, organisation=owner.organisation, page=page, status="published", language="en"
    )
    return {"owner": owner, "colleague": colleague, "page": page, "submission": submission}


def reminders() -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(kind="revalidation_reminder").order_by("pk"))


def run(day: date) -> None:
    with at(day):
        call_command("send_revalidation_reminders", stdout=open("/dev/null", "w"))


def test_reminders_go_once_each_at_30_and_7_days_to_confirmed_members_in_their_language(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(date(2027, 2, 27))  # 32 days before: nothing yet
        assert reminders() == []
        run(date(2027, 3, 1))  # 30 days before
        run(date(2027, 3, 1))  # rerun the same day
        run(date(2027, 3, 2))  # and the next day
    first = reminders()
    assert sorted(e.to for e in first) == ["colleague@police.example.org", "owner@police.example.org"]
    assert {e.to: e.language for e in first} == {"owner@police.example.org": "fr", "colleague@police.example.org": "es"}
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        run(date(2027, 3, 24))  # 7 days before
        run(date(2027, 3, 25))
        run(date(2027, 4, 1))  # past the day: no more reminders
    assert len(reminders()) == 4
    for email in reminders():
        token = re.search(r"/submissions/confirm/([^/\s]+)/", email.body_text).group(1)
        assert page_id_from_token(token) == case["page"].pk
    assert all(f"/submissions/{case['submission'].pk}/" in e.body_text for e in reminders())


def test_the_link_asks_for_a_button_and_the_button_renews_the_day(case, client):
    with at(date(2027, 4, 5)):
        url = f"/submissions/confirm/{confirm_token(case['page'].pk)}/"
        assert client.get(url).status_code == 302  # sign in first
        stranger = factories.submitter("other@elsewhere.example.net")
        client.force_login(stranger)
        assert client.get(url).status_code == 404 and client.post(url).status_code == 404
        client.force_login(case["colleague"])
        page = client.get(url)
        assert page.status_code == 200 and b"still accurate" in page.content
        assert UseCasePage.objects.get(pk=case["page"].pk).may_be_out_of_date  # a GET changes nothing
        client.post(url)
        renewed = UseCasePage.objects.get(pk=case["page"].pk)
        assert renewed.review_due == date(2028, 4, 5) and renewed.last_confirmed == date(2027, 4, 5)
        assert not renewed.may_be_out_of_date


def test_a_forged_or_tampered_token_is_not_found(case, client):
    client.force_login(case["owner"])
    token = confirm_token(case["page"].pk)
    for bad in (token[:-2] + "xx", "<script>", "1"):
        assert client.get(f"/submissions/confirm/{bad}/").status_code == 404


def test_the_submitter_marks_the_case_retired_with_a_note(case, client):
    factories.taxonomy(DeploymentStage, "retired")
    url = f"/submissions/{case['submission'].pk}/retire/"
    client.force_login(factories.submitter("nosy@elsewhere.example.net"))
    assert client.post(url, {"note": "x"}).status_code == 404
    client.force_login(case["owner"])
    assert client.get(url).status_code == 200
    client.post(url, {"note": "Replaced\u202e by a newer system."})
    page = UseCasePage.objects.get(pk=case["page"].pk)
    assert page.live and page.deployment_stage.slug == "retired"
    assert page.retired_note == "Replaced by a newer system."
