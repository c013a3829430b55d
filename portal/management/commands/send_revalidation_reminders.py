"""manage.py send_revalidation_reminders — e-mail organisations 30 and 7 days before their case's review-due day.

Daily, from the scheduler (``SCHEDULED_JOBS``). Idempotent: every reminder is
recorded, so a rerun sends nothing twice (``portal.revalidation``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.revalidation import send_reminders


class Command(BaseCommand):
    help = "E-mail organisations whose published case is due for re-validation in 30 or 7 days (once each)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = send_reminders()
        self.stdout.write(f"{queued} re-validation reminder(s) queued.")
