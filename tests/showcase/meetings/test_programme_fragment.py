"""The meeting programme kept as a reader fragment (templates/showcase/meeting_page.html, issue 20.4).

Never stale (a published change of the meeting or of a spotlighted case shows on the next request), one
rendering per time zone and language, and nothing of one person shared: the joining link, the registration
button and attendees-only cases stay with their readers. The suite's settings switch the fragment cache off;
every test here switches it on, empty. "Served from the cache" is shown by renaming a session behind the
stamp's back (a queryset ``update`` sends no signal).
"""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from django.test import Client
from django.utils import translation

from showcase.models import MeetingSession, UseCasePage
from showcase.visibility import ATTENDEES
from tests.cache_aliases import switched_on
from tests import factories
from tests import meeting_factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

DAY = date(2030, 3, 4)


@pytest.fixture(autouse=True)
def fragments(settings):
    yield from switched_on(settings, "reader_fragments")


@pytest.fixture
def meeting():
    public = factories.use_case(title="PUBLIC-spotlight Border plates")
    restricted = factories.use_case(title="RESTRICTED-spotlight Covert audio", visibility=ATTENDEES)
    return mf.meeting(time_zone="Europe/Paris", joining_url="https://meet.example.org/SECRET-room",
                      sessions=[(DAY, time(14), time(15))], spotlight={0: [public, restricted]})


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def page_of(client: Client, url: str, **query: str) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def renamed_behind_the_stamps_back(meeting, title: str) -> None:
    MeetingSession.objects.filter(page=meeting).update(title=title)


def visitor_times(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r'class="programme__visitor-time">Your time:(.*?)\(', html, re.S)]


def test_a_second_reader_gets_the_programme_from_the_cache_with_their_own_header(meeting, fragments):
    first, second = signed_in(factories.attendee()), signed_in(factories.attendee())
    mine = page_of(first, meeting.url)
    assert "Session 1" in mine and len(fragments._cache) >= 1
    renamed_behind_the_stamps_back(meeting, "RENAMED without a stamp")
    theirs = page_of(second, meeting.url)
    assert "Session 1" in theirs and "RENAMED without a stamp" not in theirs  # the programme came from the cache
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(mine).group(1) != token.search(theirs).group(1)  # each header rendered for its reader


def test_a_published_change_of_the_meeting_shows_on_the_next_request(meeting):
    reader = Client()
    assert "Session 1" in page_of(reader, meeting.url)
    meeting = type(meeting).objects.get(pk=meeting.pk)
    session = meeting.sessions.get()
    session.title, session.description = "Session moved", "NEW description"
    meeting.sessions = [session]
    meeting.save_revision().publish()
    html = page_of(reader, meeting.url)
    assert "Session moved" in html and "NEW description" in html and "Session 1<" not in html


def test_a_publish_and_an_unpublish_of_a_spotlighted_case_show_on_the_next_request(meeting):
    reader = Client()
    assert "PUBLIC-spotlight Border plates" in page_of(reader, meeting.url)
    case = UseCasePage.objects.get(title="PUBLIC-spotlight Border plates")
    case.title = "PUBLIC-spotlight Renamed plates"
    case.save_revision().publish()
    assert "PUBLIC-spotlight Renamed plates" in page_of(reader, meeting.url)
    case.refresh_from_db()
    case.unpublish()
    assert "PUBLIC-spotlight" not in page_of(reader, meeting.url)


def test_each_time_zone_gets_its_own_rendering(meeting):
    reader = Client()
    assert visitor_times(page_of(reader, meeting.url)) == []  # the meeting's own zone: no second line
    assert visitor_times(page_of(reader, meeting.url, tz="America/New_York")) == ["Mon 4 Mar, 08:00–09:00 EST"]
    assert visitor_times(page_of(reader, meeting.url)) == ["Mon 4 Mar, 08:00–09:00 EST"]  # remembered (cookie)
    reader.cookies["tz"] = "Asia/Tokyo"
    assert visitor_times(page_of(reader, meeting.url)) == ["Mon 4 Mar, 22:00–23:00 JST"]
    assert visitor_times(page_of(Client(), meeting.url)) == []


def test_each_language_gets_its_own_rendering(meeting):
    reader = Client()
    english = "Add the whole programme to your calendar (.ics)"
    with translation.override("fr"):
        french = translation.gettext(english)
    assert french != english  # the catalogue translates it
    assert english in page_of(reader, meeting.url)
    html = page_of(reader, "/fr" + meeting.url)
    assert french in html and english not in html


def test_personal_parts_are_never_shared(meeting):
    attendee = page_of(signed_in(factories.attendee()), meeting.url)
    assert "RESTRICTED-spotlight" in attendee and "SECRET-room" in attendee
    assert "Register for the meeting" not in attendee  # already an attendee
    for reader in (Client(), signed_in(factories.user())):
        html = page_of(reader, meeting.url)
        assert "PUBLIC-spotlight" in html
        assert "RESTRICTED-spotlight" not in html and "SECRET-room" not in html
        assert "Register for the meeting" in html
