"""Meetings and registrations for the portal's meeting-registration tests (data built per test)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone as dt_timezone
from typing import Any

from django.utils import timezone

from portal.models import MeetingRegistration, RegistrationStatus
from tests import factories, meeting_factories


def meeting(*, start: date | None = None, days: int = 5, deadline: datetime | None = None,
            title: str = "Global Meeting on AI for Law Enforcement", **fields: Any):
    """A live meeting starting in 30 days unless told otherwise, registration open for 20 more days."""
    start = start or (timezone.now() + timedelta(days=30)).date()
    fields.setdefault("joining_url", "https://meet.example.org/join/secret-room")
    return meeting_factories.meeting(
        title=title, start=start, end=start + timedelta(days=days - 1),
        registration_deadline=deadline if deadline is not None else timezone.now() + timedelta(days=20), **fields,
    )


def registration(meeting_page, person=None, *, status: str = RegistrationStatus.PENDING, **fields: Any):
    person = person or factories.submitter()
    values = {"role": "Analyst", "organisation": "Test police agency", "country": "FR", **fields}
    return MeetingRegistration.objects.create(meeting=meeting_page, user=person, status=status, **values)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=dt_timezone.utc)
