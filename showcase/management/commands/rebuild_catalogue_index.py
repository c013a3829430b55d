"""manage.py rebuild_catalogue_index — rebuild the catalogue's Elasticsearch index with no downtime.

Creates ``<prefix>-cases-<timestamp>``, loads every live case in bulk (a progress
line on the terminal), moves the ``<prefix>-cases`` alias to it in one atomic
``update_aliases`` call, catches up on changes made meanwhile, and deletes the
old index (kept with ``--keep-old``). Searches use the alias all along.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Build a new catalogue index in bulk, swap the alias atomically and drop the old index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--keep-old", action="store_true", help="Keep the previous index (alias moved anyway).")
        parser.add_argument("--chunk-size", type=int, default=500, help="Cases per bulk request (default 500).")
        parser.add_argument(
            "--grace",
            type=float,
            default=1.0,
            metavar="SECONDS",
            help="Wait this long after the swap before deleting the old index (searches in flight).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from showcase.search.connection import alias_name, is_configured
        from showcase.search.rebuild import rebuild

        if not is_configured():
            raise CommandError("ELASTICSEARCH_URL is not set: the catalogue uses the database search, nothing to build.")
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1.")
        interactive = self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty()

        def progress(done: int, total: int) -> None:
            width = 30
            filled = int(width * done / total) if total else width
            line = f"  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} cases"
            if interactive:
                self.stdout.write(f"\r{line}", ending="")
                self.stdout.flush()
            else:
                self.stdout.write(line)

        try:
            report = rebuild(
                keep_old=options["keep_old"],
                chunk_size=options["chunk_size"],
                progress=progress,
                grace_seconds=max(0.0, options["grace"]),
            )
        except Exception as error:  # noqa: BLE001 - one readable line, the old index is untouched
            raise CommandError(f"Rebuild failed, the current index is unchanged: {error}") from error
        if interactive:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {report.count} cases into {report.index} in {report.seconds:.1f} s "
                f"({report.rate:.0f} cases/s); alias {alias_name()} now points to it."
            )
        )
        if report.caught_up:
            self.stdout.write(f"Caught up {report.caught_up} cases changed during the rebuild.")
        if report.removed:
            self.stdout.write(f"Deleted the old index: {', '.join(report.removed)}.")
