"""manage.py catalogue_index_health — does the catalogue index match the database?

Compares the live cases in the database (id, last publication, who may see them,
URL path) with the documents in the index and lists what is missing, stale or
extra. Exits with status 1 when they differ; ``--fix`` re-syncs those cases and
exits 0 once the index matches (run it after an Elasticsearch outage).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

SHOWN = 20


class Command(BaseCommand):
    help = "Compare the catalogue index with the database; exit 1 on drift; --fix re-syncs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="Re-index the missing and stale cases, delete the extra.")

    def handle(self, *args: Any, **options: Any) -> None:
        from showcase.search.connection import alias_name, indexing_client, is_configured
        from showcase.search.indexing import index_exists
        from showcase.search.rebuild import find_drift, fix_drift

        if not is_configured():
            raise CommandError("ELASTICSEARCH_URL is not set: the catalogue uses the database search, no index to check.")
        try:
            if not index_exists(indexing_client()):
                self.stderr.write(f"There is no index {alias_name()} yet: run `manage.py rebuild_catalogue_index`.")
                raise SystemExit(1)
            drift = find_drift()
        except SystemExit:
            raise
        except Exception as error:  # noqa: BLE001
            raise CommandError(f"Could not read the index {alias_name()}: {error}") from error
        self.stdout.write(
            f"{drift.checked} live cases in the database; index {alias_name()}: "
            f"{len(drift.missing)} missing, {len(drift.stale)} stale, {len(drift.extra)} extra."
        )
        for label, ids in (("missing", drift.missing), ("stale", drift.stale), ("extra", drift.extra)):
            if ids:
                more = f" (and {len(ids) - SHOWN} more)" if len(ids) > SHOWN else ""
                self.stdout.write(f"  {label}: {', '.join(map(str, ids[:SHOWN]))}{more}")
        if drift.clean:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if not options["fix"]:
            self.stderr.write("The index has drifted from the database; run with --fix to re-sync.")
            raise SystemExit(1)
        fixed = fix_drift(drift=drift)
        after = find_drift()
        if not after.clean:
            self.stderr.write(
                f"Re-synced {fixed.changed} cases but the index still differs "
                f"({len(after.missing)} missing, {len(after.stale)} stale, {len(after.extra)} extra)."
            )
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"Re-synced {fixed.changed} cases; the index matches the database."))
