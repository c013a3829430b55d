"""The programme's calendar files: parsed back with icalendar, UTC times, one event per session, the link for attendees."""

from datetime import date, datetime, time, timezone as dt_timezone

import pytest
from icalendar import Calendar

from tests import factories
from tests import meeting_factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]
UTC = dt_timezone.utc
DAYS = [date(2026, 10, 22), date(2026, 10, 23), date(2026, 10, 26), date(2026, 10, 27), date(2026, 10, 28)]


@pytest.fixture
def meeting():
    return mf.meeting(time_zone="Europe/Vienna", start=DAYS[0], end=DAYS[-1], platform_or_venue="Video platform",
                      joining_url="https://meet.example.org/SECRET-room",
                      sessions=[(day, time(14), time(18)) for day in DAYS])


def events(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_the_whole_programme_is_one_event_per_session_in_utc(client, meeting):
    found = events(client.get(meeting.url + "calendar/"))
    assert len(found) == 5
    starts = [event.decoded("dtstart") for event in found]
    # 14:00 in Vienna: 12:00 UTC in summer time (to 25 October), 13:00 UTC after.
    assert starts == [datetime(2026, 10, 22, 12, tzinfo=UTC), datetime(2026, 10, 23, 12, tzinfo=UTC),
                      datetime(2026, 10, 26, 13, tzinfo=UTC), datetime(2026, 10, 27, 13, tzinfo=UTC),
                      datetime(2026, 10, 28, 13, tzinfo=UTC)]
    assert all(s.utcoffset().total_seconds() == 0 for s in starts)
    assert all(event.decoded("dtend") - event.decoded("dtstart") == (datetime(1, 1, 1, 18) - datetime(1, 1, 1, 14)) for event in found)
    assert b"DTSTART:20261022T120000Z" in client.get(meeting.url + "calendar/").content  # written as UTC, not a local zone
    assert len({str(event["uid"]) for event in found}) == 5


def test_the_joining_link_is_in_the_calendar_of_attendees_only(client, meeting):
    for who in (None, factories.user()):
        if who:
            client.force_login(who)
        body = client.get(meeting.url + "calendar/").content
        assert b"SECRET-room" not in body
        assert [str(e["location"]) for e in Calendar.from_ical(body).walk("VEVENT")] == ["Video platform"] * 5
    client.force_login(factories.attendee())
    found = events(client.get(meeting.url + "calendar/"))
    assert all(str(e["location"]) == "https://meet.example.org/SECRET-room" for e in found)
    assert all("https://meet.example.org/SECRET-room" in str(e["description"]) for e in found)


def test_one_session_downloads_alone(client, meeting):
    session = meeting.sessions.order_by("date")[2]
    found = events(client.get(f"{meeting.url}sessions/{session.pk}/calendar/"))
    assert len(found) == 1 and found[0].decoded("dtstart") == datetime(2026, 10, 26, 13, tzinfo=UTC)
    assert str(found[0]["summary"]).startswith(session.title)


def test_a_session_of_another_meeting_is_not_found_here(client, meeting):
    other = mf.meeting(title="Other", sessions=[(date(2030, 3, 4), time(9), time(10))])
    stranger = other.sessions.get()
    assert client.get(f"{meeting.url}sessions/{stranger.pk}/calendar/").status_code == 404
