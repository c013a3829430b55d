"""The demo meeting: five afternoons 14:00–18:00 Europe/Vienna, spotlighted cases, idempotent."""

from datetime import date, datetime, timezone as dt_timezone

from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from demo.meeting import SLUG, seed_demo_meeting
from showcase import meetings
from showcase.models import MeetingPage

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_the_demo_days_are_in_vienna_time_across_a_dst_change():
    meeting, created = seed_demo_meeting(today=date(2026, 10, 1))  # first day Monday 26 October: CET from the 25th
    assert created and meeting.start_date == date(2026, 10, 26)
    assert meetings.meeting_opening(meeting) == datetime(2026, 10, 26, 13, tzinfo=dt_timezone.utc)
