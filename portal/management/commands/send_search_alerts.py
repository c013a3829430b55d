"""manage.py send_search_alerts — e-mail each person the cases new to their saved searches (daily or weekly).

From the scheduler (``SCHEDULED_JOBS``, every ``SEARCH_ALERTS_INTERVAL`` seconds). Idempotent:
a rerun, even after a crash halfway, sends nothing twice (``portal.alerts.digests``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.alerts.digests import send_search_alerts


class Command(BaseCommand):
    help = "Send the search-alert digests that are due (one per person and day, each case once)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = send_search_alerts()
        self.stdout.write(f"{queued} search-alert digest(s) queued.")
