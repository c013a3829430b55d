"""What the meeting pages show: the programme in the meeting's zone and the visitor's, and its calendar files.

Registered on ``MeetingPage.views`` and ``MeetingIndexPage.views`` at start-up
(``ShowcaseConfig.ready``), so the page models import nothing that reads them.
The joining link and attendees-only spotlighted cases reach only approved attendees
(``showcase.visibility``); a page that shows them is marked private for caches. An anonymous
reader's page is public, validated and kept like a case page (``showcase.http_cache``), per time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject

from . import http_cache, meeting_calendar, meetings
from .models import MeetingPage, MeetingSession, UseCasePage
from .time_zones import zone_or_utc
from .visitor_time import VisitorZone, remember, visitor_zone


@dataclass
class SessionRow:
    """One session as the programme shows it: its times in both zones, and the cases this visitor may see."""

    session: MeetingSession
    local_start: datetime
    local_end: datetime
    visitor_start: datetime
    visitor_end: datetime
    cases: list[UseCasePage] = field(default_factory=list)


def spotlighted_cases(sessions: list[MeetingSession], user: Any) -> dict[int, list[UseCasePage]]:
    """Session pk → the live spotlighted cases ``user`` may see (two queries whatever the programme's size)."""
    through = MeetingSession.spotlight_cases.through
    links = list(through.objects.filter(meetingsession__in=[s.pk for s in sessions]).values_list("meetingsession_id", "usecasepage_id"))
    visible = UseCasePage.objects.live().visible_to(user).in_bulk([case_id for _session, case_id in links])
    cases: dict[int, list[UseCasePage]] = {}
    for session_id, case_id in links:
        if case_id in visible:
            cases.setdefault(session_id, []).append(visible[case_id])
    return cases


def programme(meeting: MeetingPage, choice: VisitorZone, user: Any) -> list[tuple[date, list[SessionRow]]]:
    """The sessions grouped by day (in the meeting's zone), each with its times in both zones."""
    sessions = [s for s in meeting.ordered_sessions() if meetings.session_start(s)]
    cases = spotlighted_cases(sessions, user)
    zone = meeting_zone(meeting)
    rows = [
        SessionRow(s, s.starts_at.astimezone(zone), s.ends_at.astimezone(zone), choice.at(s.starts_at), choice.at(s.ends_at),
                   cases.get(s.pk, []))
        for s in sessions
    ]
    return [(day, list(group)) for day, group in groupby(rows, key=lambda row: row.local_start.date())]


def meeting_zone(meeting: MeetingPage) -> ZoneInfo:
    return zone_or_utc(meeting.time_zone)


def _span(meeting: MeetingPage, request: HttpRequest) -> tuple[datetime, datetime]:
    """(opening, closing), read once per request (the anonymous answer's key and the page both need it)."""
    span = getattr(request, "_meeting_span", None)
    if span is None or span[0] != meeting.pk:
        span = request._meeting_span = (meeting.pk, meetings.meeting_span(meeting))  # type: ignore[attr-defined]
    return span[1]


def meeting_context(meeting: MeetingPage, request: HttpRequest) -> dict[str, Any]:
    choice = getattr(request, "visitor_zone", None) or visitor_zone(request, meeting.time_zone)
    opening, closing = _span(meeting, request)  # the sessions themselves only if the programme is rendered
    return {
        "visitor_zone": choice,
        "zone_form": choice.form(),
        # Computed only if the programme's fragment is not kept already (templates/showcase/meeting_page.html).
        "days": SimpleLazyObject(lambda: programme(meeting, choice, request.user)),
        "opening": opening.astimezone(meeting_zone(meeting)),
        "closing": closing.astimezone(meeting_zone(meeting)),
        "visitor_opening": choice.at(opening),
        "visitor_closing": choice.at(closing),
        "joining_url": meeting.joining_url_for(request.user),
        "registration_open": meetings.registration_open(meeting, closing=closing),
        "registration_url": meetings.registration_url(meeting),
        "deadline": choice.at(meeting.registration_deadline),
        "reports": list(meeting.reports.select_related("document")),
        "is_past": closing <= meetings.now(),
    }


def meeting(page: MeetingPage, request: HttpRequest) -> HttpResponse:
    """The meeting page; an anonymous reader's answer is public and kept (``http_cache``) per time zone."""
    request.visitor_zone = visitor_zone(request, page.time_zone)  # type: ignore[attr-defined]
    if getattr(request, "is_preview", False):
        return _meeting_page(page, request)
    return http_cache.answer(request, lambda: _meeting_page(page, request),
                             extra=lambda request: anonymous_variant(page, request), stored_per_extra=True)


def anonymous_variant(page: MeetingPage, request: HttpRequest) -> tuple[Any, ...]:
    """What an anonymous reader's page shows besides the stamp, day, language and address (``http_cache``).

    The visitor's zone (a cookie, or chosen now: then the answer sets a cookie and is never kept) and what
    the clock alone decides: whether registration is open and whether the meeting is past. Everything else
    on the page is the meeting's (its sessions and reports change only when it is saved, which bumps the
    stamp), the spotlighted cases' (their changes bump it) or a document's (a save bumps it).
    """
    choice = request.visitor_zone  # type: ignore[attr-defined]
    _opening, closing = _span(page, request)
    now = meetings.now()
    return (choice.name, choice.chosen_now, meetings.registration_open(page, now, closing=closing), closing <= now)


def _meeting_page(page: MeetingPage, request: HttpRequest) -> HttpResponse:
    context = page.get_context(request)
    response = TemplateResponse(request, page.get_template(request), context)
    if context["joining_url"] or request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return remember(response, request, request.visitor_zone)  # type: ignore[attr-defined]


def index_context(index: Any, request: HttpRequest) -> dict[str, Any]:
    choice = visitor_zone(request, "UTC")
    upcoming, past = meetings.meetings_by_period()
    return {
        "visitor_zone": choice,
        "upcoming": [(m, choice.at(meetings.meeting_opening(m)), choice.at(meetings.meeting_closing(m))) for m in upcoming],
        "past": past,
    }


def programme_calendar(page: MeetingPage, request: HttpRequest) -> HttpResponse:
    sessions = [s for s in page.ordered_sessions() if meetings.session_start(s)]
    return meeting_calendar.response(request, page, sessions, filename=f"{page.slug}.ics")


def session_calendar(page: MeetingPage, request: HttpRequest, session_id: int) -> HttpResponse:
    session = next((s for s in page.sessions.all() if s.pk == session_id), None)
    if session is None or meetings.session_start(session) is None:
        raise Http404
    return meeting_calendar.response(request, page, [session], filename=f"{page.slug}-session-{session.pk}.ics")
