"""The home page as the meeting's front door: the meeting, what is open until when, buttons, counts, cases."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

from showcase.visibility import ATTENDEES
from tests import factories
from tests import meeting_factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def open_meeting():
    now = timezone.now()
    start = (now + timedelta(days=20)).date()
    public = factories.use_case(title="PUBLIC-spotlight Border plates", countries=["FR", "NL"], organisation_name="Police A")
    restricted = factories.use_case(title="RESTRICTED-spotlight Covert audio", visibility=ATTENDEES, countries=["SG"],
                                    organisation_name="Police B")
    return mf.meeting(
        title="Global Meeting 2027", start=start, end=start + timedelta(days=4), time_zone="Europe/Vienna",
        submissions_close_at=now + timedelta(days=5, hours=2), registration_deadline=now + timedelta(days=12, hours=1),
        sessions=[(start, time(14), time(18))], spotlight={0: [public, restricted]},
    )


def test_the_home_page_shows_the_next_meeting_what_is_open_and_the_buttons(client, open_meeting):
    html = client.get("/").content.decode()
    words = text(html)
    assert "Global Meeting 2027" in words and f'href="{open_meeting.url}"' in html
    assert "Submissions close in 5 days." in words and "Registration closes in 12 days." in words
    assert '<a class="button" href="/submit/">Submit a use case</a>' in html
    assert "Register for the meeting" in words
    # The opening in the meeting's zone by default, in the visitor's after a choice.
    assert f"{open_meeting.start_date:%d}".lstrip("0") in words and "14:00" in words and "(Europe/Vienna)" in words
    words = text(client.get("/", {"tz": "Asia/Singapore"}).content.decode())
    assert "21:00" in words and "(Asia/Singapore)" in words


def test_counts_and_spotlighted_cases_leave_out_attendees_only_cases_for_others(client, open_meeting):
    words = text(client.get("/").content.decode())
    assert "1 published use case" in words and "2 countries" in words and "1 organisation" in words
    assert "PUBLIC-spotlight" in words and "RESTRICTED-spotlight" not in words
    assert "See the statistics" in words
    client.force_login(factories.attendee())
    words = text(client.get("/").content.decode())
    assert "2 published use cases" in words and "3 countries" in words and "2 organisations" in words
    assert "RESTRICTED-spotlight" in words


def test_when_the_calls_are_closed_the_buttons_are_gone(client, open_meeting):
    open_meeting.submissions_close_at = timezone.now() - timedelta(hours=1)
    open_meeting.registration_deadline = timezone.now() - timedelta(hours=1)
    open_meeting.save()
    html = client.get("/").content.decode()
    assert "Submissions are closed." in text(html) and "Registration is closed." in text(html)
    assert '<a class="button" href="/submit/">' not in html  # the menu keeps its link; the button goes
    assert "Register for the meeting" not in html


def test_without_a_meeting_the_home_page_still_serves_the_catalogue(client):
    factories.use_case(title="Latest PUBLIC case")
    html = client.get("/").content.decode()
    assert "Latest PUBLIC case" in html and "Register for the meeting" not in html


@pytest.mark.parametrize("path", ["/", "/cases/", "/statistics/", "/accounts/login/"])
def test_every_page_has_a_meta_description_and_a_favicon(client, path):
    html = client.get(path).content.decode()
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert html.count('<meta name="description"') == 1
    assert re.search(r'<link rel="icon" href="[^"]+favicon\.svg"', html)
