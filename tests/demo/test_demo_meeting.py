"""The demo meeting across a DST change (seed_demo's meeting itself: tests/demo/test_seed_demo.py)."""

from datetime import date, datetime, timezone as dt_timezone

import pytest

from demo.meeting import seed_demo_meeting
from showcase import meetings

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_the_demo_days_are_in_vienna_time_across_a_dst_change():
    meeting, created = seed_demo_meeting(today=date(2026, 10, 1))  # first day Monday 26 October: CET from the 25th
    assert created and meeting.start_date == date(2026, 10, 26)
    assert meetings.meeting_opening(meeting) == datetime(2026, 10, 26, 13, tzinfo=dt_timezone.utc)
