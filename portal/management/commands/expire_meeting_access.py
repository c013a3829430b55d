"""manage.py expire_meeting_access — end attendee access some days after each meeting, telling people first.

Idempotent (run hourly by the scheduler, ``SCHEDULED_JOBS``): each person is
warned once, ``MEETING_ACCESS_WARNING_DAYS`` before their access ends, and
leaves the Attendees group ``MEETING_ACCESS_DAYS`` after their meeting closes.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.meetings.access import expire_access


class Command(BaseCommand):
    help = "Warn attendees whose access ends soon (once) and end the access of those past their meeting's window."

    def handle(self, *args: Any, **options: Any) -> None:
        report = expire_access()
        self.stdout.write(f"Warned {report.warned} attendee(s); ended the access of {report.ended}.")
