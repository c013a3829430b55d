"""The programme as iCalendar (RFC 5545), built with the ``icalendar`` package.

One VEVENT per session, times in UTC. The joining link goes into an event (its
location and description) only for an approved attendee; everyone else gets the
public platform or venue name. The answer depends on who asks: caches keep it private.

https://icalendar.readthedocs.io/
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timezone as dt_timezone
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import MeetingPage, MeetingSession


def _speakers(session: MeetingSession) -> list[str]:
    lines = []
    for block in session.speakers:
        value = block.value
        details = ", ".join(part for part in (value.get("role"), value.get("organisation")) if part)
        lines.append(f"{value.get('name')} ({details})" if details else str(value.get("name")))
    return lines


def session_event(page: MeetingPage, session: MeetingSession, page_url: str, joining_url: str, host: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{page.pk}-session-{session.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(dt_timezone.utc))
    event.add("dtstart", session.starts_at.astimezone(dt_timezone.utc))
    event.add("dtend", session.ends_at.astimezone(dt_timezone.utc))
    event.add("summary", f"{session.title} · {page.title}")
    description = [session.description] if session.description else []
    speakers = _speakers(session)
    if speakers:
        description.append(_("Speakers: %(names)s") % {"names": "; ".join(speakers)})
    if joining_url:
        description.append(_("Join: %(url)s") % {"url": joining_url})
    description.append(page_url)
    event.add("description", "\n\n".join(description))
    event.add("url", page_url)
    location = joining_url or page.platform_or_venue
    if location:
        event.add("location", location)
    return event


def build(page: MeetingPage, sessions: Iterable[MeetingSession], page_url: str, joining_url: str, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//AI for Law Enforcement showcase//Meeting programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", page.title)
    for session in sessions:
        calendar.add_component(session_event(page, session, page_url, joining_url, host))
    return calendar.to_ical()


def response(request: HttpRequest, page: MeetingPage, sessions: list[MeetingSession], *, filename: str) -> Any:
    host = request.get_host().split(":")[0] or "showcase"
    body = build(page, sessions, page.get_full_url(request) or request.build_absolute_uri(page.url), page.joining_url_for(request.user), host)
    answer = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(answer, private=True, no_store=True)
    answer.headers["Vary"] = "Cookie"
    return answer
