"""``current_meeting`` reads each candidate's last session end in its own query (issue 20.4) and still decides
as ``meeting_closing`` does; ``current_call_window`` gives the call dates of the same meeting: a session running
past the daily end keeps its meeting current until that session ends."""

from datetime import date, datetime, time, timedelta, timezone as dt_timezone

import pytest

from showcase import meetings
from tests import meeting_factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]
UTC = dt_timezone.utc


def test_a_late_session_keeps_its_meeting_current_until_it_ends():
    # Vienna in March is UTC+1: the daily end (18:00) is 17:00 UTC, the late session ends at 22:30 UTC.
    late = mf.meeting(title="Late", start=date(2030, 3, 4), end=date(2030, 3, 8), time_zone="Europe/Vienna",
                      sessions=[(date(2030, 3, 4), time(9), time(10)), (date(2030, 3, 8), time(20), time(23, 30))])
    nxt = mf.meeting(title="Next", start=date(2030, 6, 1), end=date(2030, 6, 2),
                     submissions_open_at=datetime(2030, 4, 1, tzinfo=UTC), submissions_close_at=datetime(2030, 5, 1, tzinfo=UTC))
    closing = meetings.meeting_closing(late)
    assert closing == datetime(2030, 3, 8, 22, 30, tzinfo=UTC)
    for now in (closing - timedelta(hours=5), closing - timedelta(seconds=1)):
        assert meetings.current_meeting(now).pk == late.pk
        assert meetings.current_call_window(now) == (late.submissions_open_at, late.submissions_close_at)
    for now in (closing, closing + timedelta(hours=1)):
        assert meetings.current_meeting(now).pk == nxt.pk
        assert meetings.current_call_window(now) == (nxt.submissions_open_at, nxt.submissions_close_at)


def test_a_meeting_without_sessions_closes_at_its_last_day_end():
    plain = mf.meeting(title="Plain", start=date(2030, 3, 4), end=date(2030, 3, 8), time_zone="Asia/Singapore")
    closing = meetings.meeting_closing(plain)
    assert closing == datetime(2030, 3, 8, 10, tzinfo=UTC)
    assert meetings.current_meeting(closing - timedelta(seconds=1)).pk == plain.pk
    assert meetings.current_call_window(closing - timedelta(seconds=1)) == (None, None)  # no call dates: open
    assert meetings.current_meeting(closing) is None and meetings.current_call_window(closing) is None
