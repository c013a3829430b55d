"""manage.py seed_demo — demo accounts (and, later, a demo catalogue) for local use.

Idempotent: running it twice leaves the same data. Refuses to run where
ALLOW_DEMO_DATA is off (production), because demo passwords are public.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import demo_logins, ensure_demo_admin


class Command(BaseCommand):
    help = "Create demo accounts for local use (idempotent) and print their logins."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo data is disabled here (ALLOW_DEMO_DATA is off): demo passwords are public.")
        _, created = ensure_demo_admin()
        self.stdout.write(("Created" if created else "Kept") + " the demo administrator.")
        self.stdout.write("Demo logins (local use only):")
        for login in demo_logins():
            self.stdout.write(f"  {login.role:<14} {login.email:<28} {login.password}")
