"""The meeting page: its programme in the meeting's zone and the visitor's, the zone choice, who sees what."""

import re
from datetime import date, time

import pytest

from showcase.visibility import ATTENDEES
from tests import factories
from tests import meeting_factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

# 2026: Europe leaves summer time on 25 October, the US on 1 November; Singapore keeps UTC+8.
DAYS = [date(2026, 10, 23), date(2026, 10, 26), date(2026, 11, 2)]


@pytest.fixture
def paris_meeting():
    return mf.meeting(time_zone="Europe/Paris", start=DAYS[0], end=DAYS[-1], joining_url="https://meet.example.org/SECRET-room",
                      sessions=[(day, time(14), time(18)) for day in DAYS])


def session_times(html: str) -> list[str]:
    """The visitor's times of each session, as shown ("Fri 23 Oct, 08:00–12:00 EDT")."""
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r'class="programme__visitor-time">Your time:(.*?)\(', html, re.S)]


@pytest.mark.parametrize(
    "zone, expected",
    [
        ("America/New_York", ["Fri 23 Oct, 08:00–12:00 EDT", "Mon 26 Oct, 09:00–13:00 EDT", "Mon 2 Nov, 08:00–12:00 EST"]),
        ("Asia/Singapore", ["Fri 23 Oct, 20:00–00:00 +08", "Mon 26 Oct, 21:00–01:00 +08", "Mon 2 Nov, 21:00–01:00 +08"]),
        ("UTC", ["Fri 23 Oct, 12:00–16:00 UTC", "Mon 26 Oct, 13:00–17:00 UTC", "Mon 2 Nov, 13:00–17:00 UTC"]),
    ],
)
def test_times_show_in_the_meeting_zone_and_the_chosen_one_across_dst(client, paris_meeting, zone, expected):
    response = client.get(paris_meeting.url, {"tz": zone})
    html = response.content.decode()
    assert response.status_code == 200
    # The meeting's own zone: 14:00 every day, CEST before the change and CET after.
    assert re.findall(r">(\d\d:\d\d)</time>–<time[^>]*>(\d\d:\d\d)</time>\s*(\S+) \(Europe/Paris\)", html) == [
        ("14:00", "18:00", "CEST"), ("14:00", "18:00", "CET"), ("14:00", "18:00", "CET")]
    assert session_times(html) == expected
    assert 'datetime="2026-10-23T12:00:00+00:00"' in html  # machine-readable UTC
    # The choice is remembered: the next visit without ?tz= shows the same zone.
    assert response.cookies["tz"].value == zone and response.cookies["tz"]["httponly"]
    assert session_times(client.get(paris_meeting.url).content.decode()) == expected


@pytest.mark.parametrize(
    "hostile",
    ["../../../../etc/passwd", "Mars/Olympus", "<script>alert(1)</script>", "Europe/Paris\x00", "", "x" * 5000, "UTC' OR 1=1"],
)
def test_a_hostile_time_zone_in_the_query_or_cookie_is_ignored(client, paris_meeting, hostile):
    client.cookies["tz"] = "America/New_York"
    response = client.get(paris_meeting.url, {"tz": hostile})
    html = response.content.decode()
    assert response.status_code == 200
    assert "That time zone is not known; the times are shown in America/New_York." in html
    assert "tz" not in response.cookies  # nothing remembered
    assert "<script>alert" not in html and "etc/passwd" not in html
    client.cookies["tz"] = hostile.replace("\x00", "")
    html = client.get(paris_meeting.url).content.decode()
    assert "programme__visitor-time" not in html  # unknown cookie: the meeting's own zone


def test_a_hostile_query_parameter_elsewhere_is_harmless(client, paris_meeting):
    response = client.get(paris_meeting.url, {"tz[]": "x", "format": "<b>", "page": "-1"})
    assert response.status_code == 200 and "<b>" not in response.content.decode()
    assert client.get(paris_meeting.url + "sessions/999999/calendar/").status_code == 404
    assert client.get(paris_meeting.url + "sessions/abc/calendar/").status_code == 404


def test_the_joining_link_is_shown_to_attendees_only(client, paris_meeting):
    assert "SECRET-room" not in client.get(paris_meeting.url).content.decode()
    client.force_login(factories.user())
    assert "SECRET-room" not in client.get(paris_meeting.url).content.decode()
    client.force_login(factories.attendee())
    response = client.get(paris_meeting.url)
    assert "https://meet.example.org/SECRET-room" in response.content.decode()
    assert "private" in response["Cache-Control"]
    # Already an attendee: no button inviting them to register again, and no "closed" notice either.
    html = response.content.decode()
    assert "Register for the meeting" not in html and "Registration for this meeting is closed" not in html


def test_a_spotlighted_attendees_only_case_is_listed_to_attendees_only(client):
    public = factories.use_case(title="PUBLIC-spotlight Border plates")
    restricted = factories.use_case(title="RESTRICTED-spotlight Covert audio", visibility=ATTENDEES)
    draft = factories.use_case(title="DRAFT-spotlight Unpublished", publish=False)
    meeting = mf.meeting(sessions=[(date(2030, 3, 4), time(14), time(15))], spotlight={0: [public, restricted, draft]})
    html = client.get(meeting.url).content.decode()
    assert "PUBLIC-spotlight" in html and "RESTRICTED-spotlight" not in html and "DRAFT-spotlight" not in html
    client.force_login(factories.attendee())
    html = client.get(meeting.url).content.decode()
    assert "PUBLIC-spotlight" in html and "RESTRICTED-spotlight" in html and "DRAFT-spotlight" not in html


def test_the_index_lists_coming_and_past_meetings(client):
    mf.meeting(title="Coming meeting", start=date(2031, 3, 3), end=date(2031, 3, 7))
    mf.meeting(title="Old meeting", start=date(2020, 3, 2), end=date(2020, 3, 6))
    html = client.get(mf.meeting_index().url).content.decode()
    assert html.index("Coming meeting") < html.index("Past meetings") < html.index("Old meeting")


def test_a_past_meeting_lists_its_reports_and_no_register_button(client):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from showcase.models import MeetingReport

    meeting = mf.meeting(title="Meeting 2020", start=date(2020, 3, 2), end=date(2020, 3, 6))
    document = get_document_model().objects.create(title="Final report 2020", file=ContentFile(b"%PDF-1.4 demo", name="report.pdf"))
    MeetingReport.objects.create(page=meeting, document=document, sort_order=0)
    html = client.get(meeting.url).content.decode()
    assert "Final report 2020" in html and document.url in html
    assert "Register for the meeting" not in html
    assert "Final report 2020" in client.get(mf.meeting_index().url).content.decode()
