"""``manage.py purge_expired_answers``: the retention job (portal/retention.py; listed in SCHEDULED_JOBS)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.retention import purge_expired


class Command(BaseCommand):
    help = "Erase the confidential answers of declined, withdrawn and abandoned submissions past their retention."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Confidential answers erased: {purge_expired()} submission(s)")
