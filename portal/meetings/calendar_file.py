"""The calendar file attached to an approval: the meeting's programme, with the joining link.

Built by the meeting's own builder (``showcase.meeting_calendar``, one event
per session, UTC); the approved person is an attendee, so the joining link
goes in. A meeting without a programme yet gets one event spanning it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from showcase import meeting_calendar
from showcase.meetings import meeting_closing, meeting_opening

from ..models import MeetingRegistration
from ..submitter_emails import site_url
from .emails import Attachment


def _whole_meeting(meeting: Any, page_url: str, joining_url: str, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//AI for Law Enforcement showcase//Meeting programme//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("summary", meeting.title)
    event.add("dtstart", meeting_opening(meeting))
    event.add("dtend", meeting_closing(meeting))
    event.add("url", page_url)
    if joining_url or meeting.platform_or_venue:
        event.add("location", joining_url or meeting.platform_or_venue)
    calendar.add_component(event)
    return calendar.to_ical()


def meeting_calendar_for_attendee(meeting: Any) -> str:
    page_url = meeting.get_full_url() or site_url(meeting.url or "/")
    host = urlsplit(site_url()).hostname or "showcase"
    sessions = [session for session in meeting.ordered_sessions() if session.starts_at and session.ends_at]
    if sessions:
        body = meeting_calendar.build(meeting, sessions, page_url, meeting.joining_url, host)
    else:
        body = _whole_meeting(meeting, page_url, meeting.joining_url, host)
    return body.decode("utf-8")


def approval_attachment(registration: MeetingRegistration) -> Attachment:
    return ("meeting.ics", "text/calendar", meeting_calendar_for_attendee(registration.meeting))
