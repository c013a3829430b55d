"""What registration needs to know about a meeting, asked of ``showcase.meetings`` (the meeting's owner)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import formats, timezone

from showcase.meetings import meeting_closing, registration_open


def meeting_closes_at(meeting: Any) -> datetime:
    """When the meeting's last session (or day) ends, UTC."""
    return meeting_closing(meeting)


def registration_is_open(meeting: Any, now: datetime | None = None) -> bool:
    return registration_open(meeting, now)


def has_closed(meeting: Any, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= meeting_closing(meeting)


def session_choices(meeting: Any) -> list[tuple[str, str]]:
    """The programme's sessions as (id, "title — date"), in time order."""
    return [
        (str(session.pk), f"{session.title} — {formats.date_format(session.date, 'DATE_FORMAT')}")
        for session in meeting.ordered_sessions()
        if session.pk
    ]
