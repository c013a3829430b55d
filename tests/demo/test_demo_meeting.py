"""The demo meeting: five afternoons 14:00–18:00 Europe/Vienna, spotlighted cases, idempotent."""

from datetime import date, datetime, timezone as dt_timezone

from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from demo.meeting import SLUG, seed_demo_meeting
from showcase import meetings
from showcase.models import MeetingPage

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_seed_demo_creates_a_five_day_meeting_with_spotlighted_cases_once(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert "Demo meeting: kept" in capsys.readouterr().out
    meeting = MeetingPage.objects.get(slug=SLUG)
    assert meeting.live and MeetingPage.objects.count() == 1
    sessions = list(meeting.sessions.order_by("starts_at"))
    assert len({s.date for s in sessions}) == 5 and meeting.start_date.weekday() == 0
    assert sessions[0].starts_at.astimezone(ZoneInfo("Europe/Vienna")).hour == 14
    assert min(s.start_time for s in sessions).hour == 14 and max(s.end_time for s in sessions).hour == 18
    spotlit = [case for s in sessions for case in s.spotlight_cases.all()]
    assert len(spotlit) >= 3 and any(case.visibility == "attendees" for case in spotlit)
    assert meetings.current_meeting().pk == meeting.pk


def test_the_demo_days_are_in_vienna_time_across_a_dst_change():
    meeting, created = seed_demo_meeting(today=date(2026, 10, 1))  # first day Monday 26 October: CET from the 25th
    assert created and meeting.start_date == date(2026, 10, 26)
    assert meetings.meeting_opening(meeting) == datetime(2026, 10, 26, 13, tzinfo=dt_timezone.utc)
