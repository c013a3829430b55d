"""Meetings and registrations for the portal's meeting-registration tests (data built per test)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone as dt_timezone
from typing import Any

from django.utils import timezone

from portal.models import MeetingRegistration, RegistrationStatus
from showcase.models import HomePage
from tests import factories


def meeting(*, start: date | None = None, days: int = 5, deadline: datetime | None = None,
            title: str = "Global Meeting on AI for Law Enforcement", **fields: Any):
    """A live meeting (under a meetings index, made if missing) starting in 30 days unless told otherwise."""
    from showcase.models import MeetingIndexPage, MeetingPage

    index = MeetingIndexPage.objects.first()
    if index is None:
        index = HomePage.objects.first().add_child(instance=MeetingIndexPage(title="Meetings", slug="meetings"))
    start = start or (timezone.now() + timedelta(days=30)).date()
    page = MeetingPage(
        title=title, start_date=start, end_date=start + timedelta(days=days - 1),
        daily_start_time=time(14), daily_end_time=time(18), time_zone="Europe/Vienna",
        joining_url="https://meet.example.org/join/secret-room",
        registration_deadline=deadline if deadline is not None else timezone.now() + timedelta(days=20),
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return MeetingPage.objects.get(pk=page.pk)


def registration(meeting_page, person=None, *, status: str = RegistrationStatus.PENDING, **fields: Any):
    person = person or factories.submitter()
    values = {"role": "Analyst", "organisation": "Test police agency", "country": "FR", **fields}
    return MeetingRegistration.objects.create(meeting=meeting_page, user=person, status=status, **values)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=dt_timezone.utc)
