"""The anonymous reader's programme is public, validated and kept per time zone (showcase/meeting_views.py, issue 20.4).

Never stale (a published change of the meeting or of a spotlighted case, a document's new title, the
registration deadline passing: each shows on the next request), one stored answer per time zone, and
never a signed-in person's page. The suite's settings switch the store off; every test here switches it on,
empty. "Answered from the store" is shown by renaming a session behind the stamp's back (no signal).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

from showcase.models import MeetingReport, MeetingSession, UseCasePage
from tests.cache_aliases import switched_on
from tests import factories
from tests import meeting_factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

DAY = date(2030, 3, 4)
BEFORE_DEADLINE = datetime(2030, 2, 28, 11, 59, tzinfo=UTC)  # a minute before: within the store's timeout
DEADLINE = datetime(2030, 2, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def store(settings):
    yield from switched_on(settings, "public_pages")


@pytest.fixture
def meeting():
    case = factories.use_case(title="PUBLIC-spotlight Border plates")
    return mf.meeting(time_zone="Europe/Paris", joining_url="https://meet.example.org/SECRET-room",
                      registration_deadline=DEADLINE, sessions=[(DAY, time(14), time(15))], spotlight={0: [case]})


def renamed_behind_the_stamps_back(meeting, title: str) -> None:
    MeetingSession.objects.filter(page=meeting).update(title=title)


def html_of(client: Client, url: str, **query: str) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def visitor_times(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r'class="programme__visitor-time">Your time:(.*?)\(', html, re.S)]


def test_the_second_anonymous_reader_gets_the_stored_public_answer(meeting, store):
    first = Client().get(meeting.url)
    assert first.status_code == 200 and "public" in first["Cache-Control"] and first["ETag"]
    assert len(store._cache) == 1
    renamed_behind_the_stamps_back(meeting, "RENAMED without a stamp")
    again = Client().get(meeting.url)
    assert again.content == first.content and again["ETag"] == first["ETag"]  # answered from the store
    assert Client().get(meeting.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_each_time_zone_is_kept_apart_and_validated_apart(meeting, store):
    paris, tokyo = Client(), Client()
    tokyo.cookies["tz"] = "Asia/Tokyo"
    in_paris = paris.get(meeting.url)
    in_tokyo = tokyo.get(meeting.url)
    assert visitor_times(in_paris.content.decode()) == []
    assert visitor_times(in_tokyo.content.decode()) == ["Mon 4 Mar, 22:00–23:00 JST"]
    assert in_paris["ETag"] != in_tokyo["ETag"] and len(store._cache) == 2
    renamed_behind_the_stamps_back(meeting, "RENAMED without a stamp")
    assert "Session 1" in html_of(paris, meeting.url) and "Session 1" in html_of(tokyo, meeting.url)  # both kept
    # A browser holding Paris's answer that now sends a Tokyo cookie is not told "not modified".
    assert tokyo.get(meeting.url, HTTP_IF_NONE_MATCH=in_paris["ETag"]).status_code == 200


def test_a_zone_chosen_now_is_remembered_by_a_private_answer_never_stored(meeting, store):
    response = Client().get(meeting.url, {"tz": "America/New_York"})
    assert response.cookies["tz"].value == "America/New_York" and "private" in response["Cache-Control"]
    assert len(store._cache) == 0


def test_a_published_change_and_a_spotlighted_cases_publish_show_on_the_next_request(meeting):
    reader = Client()
    assert "Session 1" in html_of(reader, meeting.url)
    page = type(meeting).objects.get(pk=meeting.pk)
    session = page.sessions.get()
    session.title = "Session moved"
    page.sessions = [session]
    page.save_revision().publish()
    assert "Session moved" in html_of(reader, meeting.url)
    case = UseCasePage.objects.get(title="PUBLIC-spotlight Border plates")
    case.title = "PUBLIC-spotlight Renamed plates"
    case.save_revision().publish()
    assert "PUBLIC-spotlight Renamed plates" in html_of(reader, meeting.url)
    case.refresh_from_db()
    case.unpublish()
    assert "PUBLIC-spotlight" not in html_of(reader, meeting.url)


def test_a_reports_new_title_shows_on_the_next_request(meeting):
    document = get_document_model().objects.create(title="Draft report", file=ContentFile(b"%PDF-1.4", name="r.pdf"))
    page = type(meeting).objects.get(pk=meeting.pk)
    page.reports = [MeetingReport(document=document, sort_order=0)]
    page.save_revision().publish()
    reader = Client()
    assert "Draft report" in html_of(reader, meeting.url)
    document.title = "Final report"
    document.save()
    html = html_of(reader, meeting.url)
    assert "Final report" in html and "Draft report" not in html


def test_the_registration_deadline_passing_shows_on_the_next_request(meeting):
    reader = Client()
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        assert "Register for the meeting" in html_of(reader, meeting.url)
        assert "Register for the meeting" in html_of(reader, meeting.url)  # from the store
    with time_machine.travel(DEADLINE, tick=False):
        html = html_of(reader, meeting.url)
    assert "Register for the meeting" not in html and "Registration for this meeting is closed." in html


def test_a_signed_in_persons_programme_is_private_and_never_stored(meeting, store):
    Client().get(meeting.url)  # an anonymous answer is kept
    attendee = Client()
    attendee.force_login(factories.attendee())
    response = attendee.get(meeting.url)
    html = response.content.decode()
    assert "SECRET-room" in html and "private" in response["Cache-Control"] and "ETag" not in response
    assert len(store._cache) == 1
    assert "SECRET-room" not in html_of(Client(), meeting.url)
