"""``manage.py write_snapshot``: this week's dated snapshot of the public catalogue (showcase/snapshots/).

Listed in ``SCHEDULED_JOBS`` with a weekly interval; running it again the same day changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from showcase.snapshots.store import directory
from showcase.snapshots.writer import write_snapshot


class Command(BaseCommand):
    help = "Write today's CSV and JSON snapshot of the public catalogue with SHA-256 checksums; prune old ones."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = write_snapshot()
        if outcome.written:
            self.stdout.write(f"Snapshot {outcome.day} written to {directory()}: {outcome.cases} case(s)")
        else:
            self.stdout.write(f"Snapshot {outcome.day} already complete in {directory()}: left as it is")
        if outcome.removed:
            self.stdout.write(f"Pruned: {', '.join(outcome.removed)}")
