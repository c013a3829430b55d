"""The home page as the meeting's front door: the current or next meeting, what is open and until when, counts, cases.

Registered on ``HomePage.views`` at start-up (``ShowcaseConfig.ready``). Counts and case
lists are of the cases the visitor may see (``visible_to``), so an attendees-only case is
neither listed nor counted for anyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import meetings
from .meeting_views import spotlighted_cases
from .models import MeetingPage, UseCasePage, public_catalogue
from .visitor_time import VisitorZone, remember, visitor_zone  # noqa: F401  (HomePage.serve calls views.remember)

LATEST = 6


@dataclass(frozen=True)
class Deadline:
    """Something open until a moment: "Submissions close in 5 days" and the moment in the visitor's zone."""

    is_open: bool
    until: datetime | None
    sentence: str


def _open_until(until: datetime | None, now: datetime, choice: VisitorZone, *, always_open: str,
                closes_in: Callable[[int], str], closes_today: str) -> Deadline:
    """Open, and until when: "… close in N days" from the next day on, "… close today" within the last 24 hours."""
    if until is None:
        return Deadline(True, None, always_open)
    days = (until - now).days
    return Deadline(True, choice.at(until), closes_in(days) if days >= 1 else closes_today)


def submissions_deadline(meeting: MeetingPage, now: datetime, choice: VisitorZone) -> Deadline:
    opens, closes = meetings.call_window(meeting)
    if opens is not None and now < opens:
        return Deadline(False, choice.at(opens), _("Submissions open soon."))
    if closes is not None and now >= closes:
        return Deadline(False, choice.at(closes), _("Submissions are closed."))
    return _open_until(
        closes, now, choice, always_open=_("Submissions are open."), closes_today=_("Submissions close today."),
        closes_in=lambda days: ngettext(
            "Submissions close in %(count)d day.", "Submissions close in %(count)d days.", days) % {"count": days},
    )


def registration_deadline(meeting: MeetingPage, now: datetime, choice: VisitorZone) -> Deadline:
    if not meetings.registration_open(meeting, now):
        return Deadline(False, choice.at(meeting.registration_deadline), _("Registration is closed."))
    return _open_until(
        meeting.registration_deadline, now, choice, always_open=_("Registration is open."),
        closes_today=_("Registration closes today."),
        closes_in=lambda days: ngettext(
            "Registration closes in %(count)d day.", "Registration closes in %(count)d days.", days) % {"count": days},
    )


def case_counts(cases: Any) -> dict[str, int]:
    """Published cases, the countries they come from, the organisations behind them (a count, never a name)."""
    countries: set[str] = set()
    organisations: set[str] = set()
    for country_codes, organisation in cases.values_list("countries", "organisation_name"):
        countries.update(code for code in str(country_codes or "").split(",") if code)
        if organisation and organisation.strip():
            organisations.add(organisation.strip().casefold())
    return {"cases": cases.count(), "countries": len(countries), "organisations": len(organisations)}


def meeting_summary(meeting: MeetingPage, request: HttpRequest, choice: VisitorZone) -> dict[str, Any]:
    now = meetings.now()
    sessions = list(meeting.sessions.all())
    spotlit = {case.pk: case for cases in spotlighted_cases(sessions, request.user).values() for case in cases}
    return {
        "meeting": meeting,
        "opening": choice.at(meetings.meeting_opening(meeting)),
        "closing": choice.at(meetings.meeting_closing(meeting)),
        "under_way": meetings.meeting_opening(meeting) <= now,
        "submissions": submissions_deadline(meeting, now, choice),
        "registration": registration_deadline(meeting, now, choice),
        "registration_url": meetings.registration_url(meeting),
        "spotlighted": list(spotlit.values()),
    }


def home_context(page: Any, request: HttpRequest) -> dict[str, Any]:
    meeting = meetings.current_meeting()
    choice = visitor_zone(request, meeting.time_zone if meeting else "UTC")
    request.visitor_zone = choice  # type: ignore[attr-defined]  (HomePage.serve remembers a choice made now)
    catalogue = public_catalogue()
    cases = catalogue.cases_for(request.user) if catalogue else UseCasePage.objects.none()
    return {
        "catalogue": catalogue,
        "visitor_zone": choice,
        "zone_form": choice.form(),
        "front_meeting": meeting_summary(meeting, request, choice) if meeting else None,
        "counts": case_counts(cases),
        "latest_cases": list(cases.newest_first().with_card_data()[:LATEST]),
    }
