"""The meeting pages in a real browser: axe-core (WCAG 2.1 A/AA) and the time-zone choice without JavaScript."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from showcase.visibility import ATTENDEES
from tests import factories
from tests import meeting_factories as mf

from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]
DAYS = [date(2026, 10, 23), date(2026, 10, 26)]  # either side of Europe's change to winter time


@pytest.fixture
def meeting(site_tree):
    public = factories.use_case(title="Plate readers at border crossings")
    restricted = factories.use_case(title="Covert audio triage", visibility=ATTENDEES)
    now = timezone.now()
    page = mf.meeting(
        time_zone="Europe/Paris", start=DAYS[0], end=DAYS[-1], joining_url="https://meet.example.org/room",
        platform_or_venue="Video conference", organisers="INTERPOL and UNICRI",
        registration_deadline=now + timedelta(days=9), submissions_close_at=now + timedelta(days=5),
        sessions=[(day, time(14), time(18)) for day in DAYS], spotlight={0: [public, restricted]},
    )
    page.sessions.update(description="Presentations and questions.")
    return page


def test_meeting_pages_have_no_axe_violations(a11y_tab, axe, meeting):
    # The home page shows the next meeting: put this one in the future for it.
    mf.meeting(title="Next meeting", start=date.today() + timedelta(days=30), end=date.today() + timedelta(days=34),
               submissions_close_at=timezone.now() + timedelta(days=5), sessions=[(date.today() + timedelta(days=30), time(14), time(18))])
    tab = a11y_tab()
    for name, url in (
        ("home-with-meeting", "/"),
        ("meetings-index", mf.meeting_index().url),
        ("meeting", meeting.url),
        ("meeting-other-zone", f"{meeting.url}?tz=Asia/Singapore"),
        ("meeting-unknown-zone", f"{meeting.url}?tz=Nowhere/Else"),
    ):
        response = tab.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        axe.check(tab, name)
    factories.attendee(email="ada@police.example.org", password=PASSWORD)
    log_in(tab, "ada@police.example.org")
    tab.goto(meeting.url)
    tab.get_by_role("link", name="Joining link").wait_for()
    axe.check(tab, "meeting-as-attendee")
    axe.assert_clean()


def test_choosing_a_time_zone_without_javascript_is_remembered(browser, live_server, meeting):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(meeting.url)
        tab.get_by_label("Show the times in").select_option("America/New_York")
        tab.get_by_role("button", name="Show times").click()
        # A click no longer waits for the navigation it starts: wait for the new page.
        tab.wait_for_url(re.compile(r"[?&]tz=America"))
        times = tab.locator(".programme__visitor-time")
        times.first.wait_for()
        assert [" ".join(t.split()) for t in times.all_inner_texts()] == [
            "Your time: Fri 23 Oct, 08:00–12:00 EDT (America/New_York)",
            "Your time: Mon 26 Oct, 09:00–13:00 EDT (America/New_York)",
        ]
        tab.goto(meeting.url)  # no query: the cookie remembers
        assert tab.locator(".programme__visitor-time").count() == 2
        assert tab.get_by_label("Show the times in").input_value() == "America/New_York"
        assert "Covert audio triage" not in tab.content() and "meet.example.org" not in tab.content()
    finally:
        context.close()
