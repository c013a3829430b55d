"""The periods of the search alerts: a daily alert's is the day, a weekly one's the ISO week (UTC)."""

from __future__ import annotations

from datetime import datetime, timezone as dt_timezone

from ..models import Frequency


def period_of(frequency: str, now: datetime) -> str:
    """``2026-12-06`` for a daily alert, ``2026-W49`` for a weekly one."""
    day = now.astimezone(dt_timezone.utc).date()
    if frequency == Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def digest_period(now: datetime) -> str:
    """A person gets at most one digest a day: the digest's period is the day it is sent."""
    return period_of(Frequency.DAILY, now)
