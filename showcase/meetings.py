"""The meeting as other code asks about it: which one is current, when it opens, whether its calls are open.

Public functions for the rest of the site (portal's call window and meeting registration,
moderation's go-live default, the home page):

- ``current_meeting()``: the live meeting happening now, or else the next one (``None`` if none);
- ``meeting_opening(meeting)`` / ``meeting_closing(meeting)``: aware datetimes (UTC); ``meeting_span`` both at once;
- ``session_start(session)``: a session's start, aware (UTC);
- ``call_window(meeting)``: the call for submissions' (opens, closes); ``submissions_open`` and
  ``registration_open`` say whether each is open at a moment.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from . import call_dates
from .models.meeting_sessions import local_to_utc

if TYPE_CHECKING:
    from .models import MeetingPage, MeetingSession


def _meetings() -> Any:
    from .models import MeetingPage  # noqa: PLC0415  (showcase.models imports nothing from here; kept lazy for app loading)

    return MeetingPage.objects.live().order_by("start_date", "pk")


def meeting_opening(meeting: "MeetingPage") -> datetime:
    """When the meeting opens: its first day's start in its zone, or its first session if that is earlier."""
    opening = local_to_utc(meeting.start_date, meeting.daily_start_time, meeting.time_zone)
    starts = [s.starts_at for s in meeting.sessions.all() if s.starts_at]
    return min([opening, *starts])


def meeting_closing(meeting: "MeetingPage") -> datetime:
    """When the meeting closes: its last day's end in its zone, or its last session's end if that is later."""
    closing = local_to_utc(meeting.end_date, meeting.daily_end_time, meeting.time_zone)
    ends = [s.ends_at for s in meeting.sessions.all() if s.ends_at]
    return max([closing, *ends])


def meeting_span(meeting: "MeetingPage") -> tuple[datetime, datetime]:
    """(``meeting_opening``, ``meeting_closing``) from one read of the sessions' instants, no session built.

    For a page that shows both without its sessions' text (the meeting page, whose programme is kept as a
    fragment): building each session parses its speakers' StreamField, most of what the read cost.
    """
    instants = list(meeting.sessions.values_list("starts_at", "ends_at"))
    opening = local_to_utc(meeting.start_date, meeting.daily_start_time, meeting.time_zone)
    closing = local_to_utc(meeting.end_date, meeting.daily_end_time, meeting.time_zone)
    return (min([opening, *(start for start, _end in instants if start)]),
            max([closing, *(end for _start, end in instants if end)]))


def session_start(session: "MeetingSession") -> datetime:
    """A session's start (UTC), derived from its local entries if it was never saved."""
    if session.starts_at is None:
        session.derive_instants()
    return session.starts_at


def current_meeting(now: datetime | None = None) -> "MeetingPage | None":
    """The live meeting under way at ``now``, or else the next one to open; ``None`` when every meeting is past."""
    now = now or timezone.now()
    # A day's margin in SQL (zones run from UTC-12 to UTC+14), the exact test in Python.
    candidates = _meetings().filter(end_date__gte=(now - timedelta(days=2)).date())
    return next((meeting for meeting in _with_last_session_end(candidates) if _closing(meeting) > now), None)


_CALL_COLUMNS = ("end_date", "daily_end_time", "time_zone", "_last_session_end",
                 "submissions_open_at", "submissions_close_at")


def current_call_window(
    now: datetime | None = None, *, stamp: Any = None
) -> tuple[datetime | None, datetime | None] | None:
    """``call_window(current_meeting(now))`` without building the meeting; ``None`` when there is no current meeting.

    The call window is read on every wizard step page (issue 20.4): six columns instead of the whole page.
    ``stamp``: the catalogue stamp, read before this call: the meetings' dates are then read once per stamp
    (``call_dates.remembered_rows``); which meeting is current is still decided at ``now``, per call.
    """
    now = now or timezone.now()
    earliest = (now - timedelta(days=2)).date()
    if stamp is None:
        candidates = _with_last_session_end(_meetings().filter(end_date__gte=earliest)).values_list(*_CALL_COLUMNS)
    else:
        candidates = [row for row in call_dates.remembered_rows(stamp, _all_call_rows) if row[0] >= earliest]
    for end_date, end_time, zone, last_end, opens, closes in candidates:
        if _closing_at(end_date, end_time, zone, last_end) > now:
            return opens, closes
    return None


def _all_call_rows() -> list[tuple[Any, ...]]:
    """Every live meeting's call columns, in ``_meetings()`` order: kept whatever the date (the clock moves on)."""
    return list(_with_last_session_end(_meetings()).values_list(*_CALL_COLUMNS))


def _with_last_session_end(meetings: Any) -> Any:
    """``meetings`` with their latest session end (``_last_session_end``) read in the same query.

    ``meeting_closing`` builds every session to read its end, and building one parses its speakers'
    StreamField: on every wizard step page (the call window, issue 20.4) that was half this function's time.
    """
    from .models import MeetingSession  # noqa: PLC0415  (as _meetings: kept lazy for app loading)

    ends = MeetingSession.objects.filter(page=OuterRef("pk"), ends_at__isnull=False).order_by("-ends_at")
    return meetings.annotate(_last_session_end=Subquery(ends.values("ends_at")[:1]))


def _closing(meeting: "MeetingPage") -> datetime:
    """``meeting_closing(meeting)`` from the end ``_with_last_session_end`` read."""
    return _closing_at(meeting.end_date, meeting.daily_end_time, meeting.time_zone, meeting._last_session_end)


def _closing_at(end_date: Any, end_time: Any, zone: str, last_session_end: datetime | None) -> datetime:
    closing = local_to_utc(end_date, end_time, zone)
    return max(closing, last_session_end) if last_session_end is not None else closing


def meetings_by_period(now: datetime | None = None) -> tuple[list["MeetingPage"], list["MeetingPage"]]:
    """(current and upcoming meetings, soonest first; past meetings, latest first)."""
    now = now or timezone.now()
    upcoming, past = [], []
    for meeting in _meetings().prefetch_related("sessions", "reports__document"):
        (upcoming if meeting_closing(meeting) > now else past).append(meeting)
    return upcoming, list(reversed(past))


def call_window(meeting: "MeetingPage | None") -> tuple[datetime | None, datetime | None]:
    """The call for submissions of ``meeting``: (opens, closes); ``None`` ends mean "open" / "no closing date"."""
    if meeting is None:
        return None, None
    return meeting.submissions_open_at, meeting.submissions_close_at


def _inside(opens: datetime | None, closes: datetime | None, now: datetime) -> bool:
    return (opens is None or now >= opens) and (closes is None or now < closes)


def submissions_open(meeting: "MeetingPage", now: datetime | None = None) -> bool:
    return _inside(*call_window(meeting), now or timezone.now())


def registration_open(meeting: "MeetingPage", now: datetime | None = None, *, closing: datetime | None = None) -> bool:
    """Registration is open until the deadline, and never after the meeting closed (``closing``, if known)."""
    now = now or timezone.now()
    closing = closing or meeting_closing(meeting)
    deadline = meeting.registration_deadline or closing
    return now < min(deadline, closing)


def now() -> datetime:
    return timezone.now()


#: The meeting registration form's URL name (portal's). Until it exists, the account registration stands in.
REGISTRATION_URL_NAME = "portal:meeting_register"


def registration_url(meeting: "MeetingPage") -> str:
    """Where the "Register for the meeting" button leads: portal's meeting registration if installed."""
    for args in ((meeting.pk,), ()):
        try:
            return reverse(REGISTRATION_URL_NAME, args=args)
        except NoReverseMatch:
            continue
    return reverse("accounts:register")
