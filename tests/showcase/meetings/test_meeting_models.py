"""Meeting models: sessions entered in the meeting's zone are stored in UTC, right across daylight-saving changes."""

from datetime import date, datetime, time, timezone as dt_timezone

import pytest
from django.core.exceptions import ValidationError

from showcase import meetings
from showcase.models import MeetingPage, MeetingSession
from tests import meeting_factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]
UTC = dt_timezone.utc


@pytest.mark.parametrize(
    "zone, before, after",
    [
        # 2026: the EU leaves summer time on 25 October, the US on 1 November; Singapore has none.
        ("Europe/Paris", datetime(2026, 10, 23, 12, tzinfo=UTC), datetime(2026, 10, 26, 13, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 10, 30, 18, tzinfo=UTC), datetime(2026, 11, 2, 19, tzinfo=UTC)),
        ("Asia/Singapore", datetime(2026, 10, 23, 6, tzinfo=UTC), datetime(2026, 10, 26, 6, tzinfo=UTC)),
    ],
)
def test_a_session_at_14_00_local_is_stored_in_utc_on_both_sides_of_a_dst_change(zone, before, after):
    days = (before.date(), after.date()) if zone != "America/New_York" else (date(2026, 10, 30), date(2026, 11, 2))
    meeting = mf.meeting(time_zone=zone, start=days[0], end=days[1], sessions=[(day, time(14), time(18)) for day in days])
    first, second = MeetingSession.objects.filter(page=meeting).order_by("date")
    assert first.starts_at == before and second.starts_at == after
    assert meetings.session_start(first) == before
    assert meetings.meeting_opening(meeting) == before


def test_changing_the_meeting_zone_moves_its_sessions():
    meeting = mf.meeting(time_zone="Europe/Paris", sessions=[(date(2026, 6, 1), time(14), time(18))])
    meeting.time_zone = "Asia/Singapore"
    meeting.save()
    assert MeetingSession.objects.get(page=meeting).starts_at == datetime(2026, 6, 1, 6, tzinfo=UTC)


@pytest.mark.parametrize("value", ["Mars/Olympus", "../../etc/passwd", "", "Europe/Vienna\x00", "x" * 300])
def test_an_unknown_time_zone_is_refused(value):
    meeting = MeetingPage(title="M", slug="m", start_date=date(2026, 6, 1), end_date=date(2026, 6, 5),
                          daily_start_time=time(14), daily_end_time=time(18), time_zone=value)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "time_zone" in error.value.message_dict


def test_the_current_meeting_is_the_one_under_way_or_the_next():
    past = mf.meeting(title="Past", start=date(2020, 3, 2), end=date(2020, 3, 6))
    later = mf.meeting(title="Later", start=date(2031, 3, 2), end=date(2031, 3, 6))
    soon = mf.meeting(title="Soon", start=date(2030, 3, 2), end=date(2030, 3, 6))
    assert meetings.current_meeting(now=datetime(2030, 3, 4, 12, tzinfo=UTC)).pk == soon.pk
    assert meetings.current_meeting(now=datetime(2030, 3, 7, 12, tzinfo=UTC)).pk == later.pk
    assert meetings.current_meeting(now=datetime(2040, 1, 1, tzinfo=UTC)) is None
    upcoming, gone = meetings.meetings_by_period(now=datetime(2030, 3, 7, tzinfo=UTC))
    assert [m.pk for m in upcoming] == [later.pk] and [m.pk for m in gone] == [soon.pk, past.pk]


def test_the_call_for_submissions_follows_the_current_meeting():
    from datetime import timedelta

    from django.utils import timezone

    from portal.models.call_window import window_for

    now = timezone.now()
    mf.meeting(start=(now + timedelta(days=30)).date(), end=(now + timedelta(days=34)).date(),
               submissions_open_at=now - timedelta(days=1), submissions_close_at=now + timedelta(days=5))
    assert window_for(None).is_open and window_for(None).closes_at == now + timedelta(days=5)
    assert not window_for(None, now=now + timedelta(days=6)).is_open
