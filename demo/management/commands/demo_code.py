"""Print the current two-factor code of the demo staff accounts (local use only)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from demo.two_factor import current_code, seconds_left


class Command(BaseCommand):
    help = "Print the six-digit code the demo staff accounts (administrator, editor, reviewer, organiser) sign in with now."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{current_code()}  (valid for about {seconds_left()} more seconds)")
