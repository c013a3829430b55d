"""Search alerts (issue 17.1): the digest job with a frozen clock and Django's real outbox.

The cases and people are built once for the module; each test saves its own alerts. The
job is called as the scheduler calls it. The catalogue's database search answers here
(``ELASTICSEARCH_URL`` emptied): the digest asks it through ``matching_ids(within=…)``,
whose Elasticsearch side the export tests cover.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone as dt_timezone
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from portal.account_erasure import erase_account
from portal.alerts import digests
from portal.models import AlertDelivery, OutboxEmail, SavedSearch
from showcase.models import UseCasePage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

BEFORE = datetime(2026, 12, 1, 0, 0, tzinfo=dt_timezone.utc)
SENDING = datetime(2026, 12, 4, 6, 0, tzinfo=dt_timezone.utc)
SEARCH = "category=video-analytics"


def at(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def _published(page: UseCasePage, first: datetime, last: datetime) -> UseCasePage:
    UseCasePage.objects.filter(pk=page.pk).update(first_published_at=first, last_published_at=last)
    return page


@pytest.fixture(scope="module")
def world(module_db):
    old, new = datetime(2026, 11, 1, tzinfo=dt_timezone.utc), datetime(2026, 12, 2, tzinfo=dt_timezone.utc)
    cases = {
        "old": _published(factories.use_case(title="Old video case"), old, old),
        "new": _published(factories.use_case(title="New video case"), new, new),
        "updated": _published(factories.use_case(title="Updated video case"), old, datetime(2026, 12, 3, tzinfo=dt_timezone.utc)),
        "other": _published(factories.use_case(title="New plate case", categories=("licence-plate-recognition",)), new, new),
        "restricted": _published(factories.use_case(title="Restricted video case", visibility="attendees"), new, new),
    }
    people = {
        "reader": factories.user("reader@example.org", language="fr"),
        "attendee": factories.attendee(email="attendee@example.org"),
        "inactive": factories.user("gone@example.org", is_active=False),
    }
    return {"cases": cases, "people": people}


@pytest.fixture(autouse=True)
def _database_search(settings):
    settings.ELASTICSEARCH_URL = ""


def alert(user, query: str = SEARCH, frequency: str = "daily") -> SavedSearch:
    return SavedSearch.objects.create(user=user, query_string=query, frequency=frequency, language="en",
                                      created_at=BEFORE, covered_until=BEFORE)


def run(moment: datetime = SENDING) -> None:
    with at(moment):
        call_command("send_search_alerts", stdout=open("/dev/null", "w"))


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def titles_in(message) -> set[str]:
    return {title for title in re.findall(r"^- (.+?) \(", message.body, re.MULTILINE)}


def test_a_digest_lists_exactly_the_new_matching_cases_the_person_may_see(world, django_capture_on_commit_callbacks):
    people = world["people"]
    alert(people["reader"])
    alert(people["attendee"])
    with django_capture_on_commit_callbacks(execute=True):
        run()
    reader, attendee = sent_to("reader@example.org"), sent_to("attendee@example.org")
    assert len(reader) == 1 and len(attendee) == 1
    assert titles_in(reader[0]) == {"New video case", "Updated video case"}
    assert titles_in(attendee[0]) == {"New video case", "Updated video case", "Restricted video case"}
    message = reader[0]
    assert "Analyse vidéo" in message.body  # the reader's language, taxonomy name included
    unsubscribe = re.search(r"https?://\S+/accounts/alerts/unsubscribe/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_a_restricted_case_stops_reaching_someone_who_is_no_longer_an_attendee(world, django_capture_on_commit_callbacks):
    attendee = world["people"]["attendee"]
    alert(attendee)
    attendee.groups.clear()  # access ended before the digest went out
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert titles_in(sent_to("attendee@example.org")[0]) == {"New video case", "Updated video case"}


def test_one_digest_per_person_and_each_case_once_whatever_the_number_of_searches(world, django_capture_on_commit_callbacks):
    reader = world["people"]["reader"]
    alert(reader)
    alert(reader, "q=video")
    alert(reader, "category=licence-plate-recognition", frequency="weekly")
    with django_capture_on_commit_callbacks(execute=True):
        run()
    (message,) = sent_to("reader@example.org")
    found = re.findall(r"^- (.+?) \(", message.body, re.MULTILINE)
    assert sorted(found) == ["New plate case", "New video case", "Updated video case"]


def test_running_twice_sends_nothing_new_and_the_next_day_only_what_is_newer(world, django_capture_on_commit_callbacks):
    reader = world["people"]["reader"]
    alert(reader)
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            run()
    assert len(sent_to("reader@example.org")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        run(datetime(2026, 12, 5, 6, tzinfo=dt_timezone.utc))  # nothing published since: no e-mail
    assert len(sent_to("reader@example.org")) == 1
    _published(world["cases"]["old"], datetime(2026, 11, 1, tzinfo=dt_timezone.utc),
               datetime(2026, 12, 5, 12, tzinfo=dt_timezone.utc))
    with django_capture_on_commit_callbacks(execute=True):
        run(datetime(2026, 12, 6, 6, tzinfo=dt_timezone.utc))
    messages = sent_to("reader@example.org")
    assert len(messages) == 2 and titles_in(messages[1]) == {"Old video case"}
    assert AlertDelivery.objects.filter(user=reader).count() == 3
    run(datetime(2026, 12, 19, 6, tzinfo=dt_timezone.utc))  # the records of a past day are pruned after two weeks
    assert list(AlertDelivery.objects.filter(user=reader).values_list("period", flat=True)) == ["2026-12-06"]


def test_a_publication_committed_just_after_a_run_began_comes_in_the_next_digest_and_nothing_twice(
    world, django_capture_on_commit_callbacks
):
    reader = world["people"]["reader"]
    alert(reader)
    minutes_before = lambda n: SENDING - timedelta(minutes=n)  # noqa: E731
    _published(factories.use_case(title="Edge video case"), minutes_before(2), minutes_before(2))
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert "Edge video case" in titles_in(sent_to("reader@example.org")[0])
    # Published (its timestamp taken) a minute before that run read the catalogue, committed after it.
    _published(factories.use_case(title="Late video case"), minutes_before(1), minutes_before(1))
    with django_capture_on_commit_callbacks(execute=True):
        run(datetime(2026, 12, 5, 6, tzinfo=dt_timezone.utc))
    messages = sent_to("reader@example.org")
    assert len(messages) == 2 and titles_in(messages[1]) == {"Late video case"}


def test_a_crash_halfway_then_a_rerun_sends_each_digest_once(world, django_capture_on_commit_callbacks):
    alert(world["people"]["reader"])
    alert(world["people"]["attendee"])
    real = digests.render_digest
    calls = []

    def crash_on_the_second_person(*args, **kwargs):
        calls.append(args[0].email)
        if len(calls) == 2:
            raise RuntimeError("the process dies here")
        return real(*args, **kwargs)

    with django_capture_on_commit_callbacks(execute=True):
        with mock.patch.object(digests, "render_digest", crash_on_the_second_person), pytest.raises(RuntimeError):
            run()
    assert len(mail.outbox) == 1
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            run()
    assert sorted(message.to[0] for message in mail.outbox) == ["attendee@example.org", "reader@example.org"]
    assert OutboxEmail.objects.filter(kind="search_alerts").count() == 2
    assert AlertDelivery.objects.count() == 5  # 2 cases for the reader, 3 for the attendee


def test_deactivated_and_deleted_accounts_get_nothing(world, django_capture_on_commit_callbacks):
    alert(world["people"]["inactive"])
    leaving = factories.user("leaving@example.org")
    alert(leaving)
    erase_account(leaving)
    assert not SavedSearch.objects.filter(user=leaving).exists()
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert mail.outbox == []


def test_the_unsubscribe_link_works_without_login_and_from_the_mail_clients_one_click_post(world, django_capture_on_commit_callbacks):
    from django.test import Client

    reader, attendee = world["people"]["reader"], world["people"]["attendee"]
    alert(reader)
    alert(attendee)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    browser = Client(enforce_csrf_checks=True)
    link = re.search(r"https?://[^/\s]+(/\S*/accounts/alerts/unsubscribe/\S+/|/accounts/alerts/unsubscribe/\S+/)",
                     sent_to("reader@example.org")[0].body).group(1)
    page = browser.get(link)
    assert page.status_code == 200 and '<form method="post">' in page.content.decode()  # a button to press
    assert SavedSearch.objects.filter(user=reader).exists()  # opening the link changes nothing
    assert browser.post(link).status_code == 200
    assert not SavedSearch.objects.filter(user=reader).exists()
    header = sent_to("attendee@example.org")[0].extra_headers["List-Unsubscribe"].strip("<>")
    one_click = Client(enforce_csrf_checks=True).post(
        re.sub(r"^https?://[^/]+", "", header), data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    assert not SavedSearch.objects.filter(user=attendee).exists()
    assert browser.post("/accounts/alerts/unsubscribe/forged:token/").status_code == 404
