"""The calendar file attached to an approval: the meeting's sessions (or its days), with the joining link.

A minimal builder with the ``icalendar`` package: the approved person is an
attendee, so the joining link goes in (the public programme's file, served by
the meeting page, leaves it out for everyone else).
"""

from __future__ import annotations

from typing import Any

from icalendar import Calendar, Event

from showcase.meetings import meeting_closing, meeting_opening

from ..models import MeetingRegistration
from .emails import Attachment


def meeting_calendar(meeting: Any, *, joining_url: str = "") -> str:
    """iCalendar text: one event per session, or one for the whole meeting when it has no programme yet."""
    calendar = Calendar()
    calendar.add("prodid", "-//AI for Law Enforcement//Meeting//EN")
    calendar.add("version", "2.0")
    sessions = [s for s in meeting.ordered_sessions() if s.starts_at and s.ends_at]
    spans = [(f"session-{s.pk}", s.title, s.starts_at, s.ends_at) for s in sessions] or [
        (f"meeting-{meeting.pk}", meeting.title, meeting_opening(meeting), meeting_closing(meeting))
    ]
    for uid, title, starts, ends in spans:
        event = Event()
        event.add("uid", f"{uid}@{meeting.pk}.meeting")
        event.add("summary", title if title == meeting.title else f"{meeting.title}: {title}")
        event.add("dtstart", starts)
        event.add("dtend", ends)
        if joining_url:
            event.add("url", joining_url)
            event.add("location", joining_url)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def approval_attachment(registration: MeetingRegistration) -> Attachment:
    meeting = registration.meeting
    return ("meeting.ics", "text/calendar", meeting_calendar(meeting, joining_url=meeting.joining_url))
