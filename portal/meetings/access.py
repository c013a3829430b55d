"""Attendee access: approval puts people in the Attendees group; it ends some days after their meeting.

The Attendees group (``showcase.visibility``) is what Wagtail's view
restrictions check. Access lasts until ``MEETING_ACCESS_DAYS`` days after
the meeting closes; ``MEETING_ACCESS_WARNING_DAYS`` before that the person is
told once. ``expire_access`` does both and is idempotent: the scheduler runs
``manage.py expire_meeting_access`` every hour, and a second run in the same
minute changes nothing. Someone approved for a later meeting keeps access
until that one's window ends; people an administrator put in the group by
hand (no registration) are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from showcase.visibility import attendees_group

from ..models import MeetingRegistration, RegistrationStatus
from . import emails
from .meeting_dates import meeting_closes_at


def access_ends_at(meeting: Any) -> datetime:
    return meeting_closes_at(meeting) + timedelta(days=settings.MEETING_ACCESS_DAYS)


def grant_access(user_ids: Iterable[int]) -> None:
    """Into the Attendees group (two queries whatever the number of people)."""
    ids = list(user_ids)
    if ids:
        attendees_group().user_set.add(*ids)


def withdraw_access(user_ids: Iterable[int], now: datetime) -> list[int]:
    """Out of the Attendees group, except people still holding an approval whose window is open."""
    ids = set(user_ids)
    still_admitted = {
        registration.user_id
        for registration in MeetingRegistration.objects.filter(
            user_id__in=ids, status=RegistrationStatus.APPROVED, access_ended_at__isnull=True
        ).select_related("meeting")
        if access_ends_at(registration.meeting) > now
    }
    leaving = sorted(ids - still_admitted)
    if leaving:
        attendees_group().user_set.remove(*leaving)
    return leaving


@dataclass(frozen=True)
class ExpiryReport:
    warned: int
    ended: int


def _open_registrations() -> Any:
    return MeetingRegistration.objects.filter(status=RegistrationStatus.APPROVED, access_ended_at__isnull=True)


@transaction.atomic
def expire_access(now: datetime | None = None) -> ExpiryReport:
    """Warn those whose access ends within the warning period (once); end it for those past the window."""
    now = now or timezone.now()
    warning = timedelta(days=settings.MEETING_ACCESS_WARNING_DAYS)
    meeting_model = MeetingRegistration._meta.get_field("meeting").related_model
    meetings = {meeting.pk: meeting
                for meeting in meeting_model.objects.filter(pk__in=_open_registrations().values("meeting_id"))}
    ended_meetings = [pk for pk, meeting in meetings.items() if access_ends_at(meeting) <= now]
    warn_meetings = [pk for pk, meeting in meetings.items() if access_ends_at(meeting) - warning <= now < access_ends_at(meeting)]

    ending = _open_registrations().filter(meeting_id__in=ended_meetings).select_for_update()
    ending_ids = list(ending.values_list("pk", "user_id"))
    MeetingRegistration.objects.filter(pk__in=[pk for pk, _user in ending_ids]).update(access_ended_at=now)
    withdraw_access([user for _pk, user in ending_ids], now)

    to_warn = list(
        _open_registrations().filter(meeting_id__in=warn_meetings, access_warned_at__isnull=True)
        .select_related("meeting", "user")
    )
    messages = [
        emails.build_email(registration, emails.ACCESS_ENDING, ends_at=access_ends_at(registration.meeting))
        for registration in to_warn
    ]
    emails.queue_emails(messages)
    MeetingRegistration.objects.filter(pk__in=[r.pk for r in to_warn]).update(access_warned_at=now)
    return ExpiryReport(warned=len(to_warn), ended=len(ending_ids))
