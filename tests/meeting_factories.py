"""Meetings for tests: the index under the home page, a meeting page with sessions entered in its zone."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from wagtail.models import Site

from showcase.models import MeetingIndexPage, MeetingPage, MeetingSession


def meeting_index() -> MeetingIndexPage:
    existing = MeetingIndexPage.objects.first()
    if existing:
        return existing
    home = Site.objects.get(is_default_site=True).root_page
    index = MeetingIndexPage(title="Meetings", slug="meetings")
    home.add_child(instance=index)
    return index


def meeting(
    *,
    title: str = "Global Meeting on AI for Law Enforcement",
    start: date = date(2030, 3, 4),
    end: date = date(2030, 3, 8),
    time_zone: str = "Europe/Vienna",
    sessions: list[tuple[date, time, time]] | None = None,
    spotlight: dict[int, list[Any]] | None = None,
    **fields: Any,
) -> MeetingPage:
    """A live meeting; ``sessions`` are (day, start, end) in its zone; ``spotlight`` maps a session index to cases."""
    page = MeetingPage(
        title=title, slug=fields.pop("slug", None) or f"m-{MeetingPage.objects.count() + 1}-{start:%Y%m%d}",
        start_date=start, end_date=end, daily_start_time=time(14), daily_end_time=time(18), time_zone=time_zone,
        **fields,
    )
    page.sessions = [
        MeetingSession(title=f"Session {i + 1}", date=day, start_time=begin, end_time=finish, sort_order=i)
        for i, (day, begin, finish) in enumerate(sessions or [])
    ]
    meeting_index().add_child(instance=page)
    for index, cases in (spotlight or {}).items():
        session = page.sessions.order_by("sort_order")[index]
        session.spotlight_cases.set(cases)
        session.save()
    return page
