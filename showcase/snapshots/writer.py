"""One dated snapshot of the public catalogue: CSV and JSON with the export's columns, in one pass.

The cases are those an anonymous visitor may see (``showcase.search.database.visible_cases``:
live, no view restriction on them or above them, not attendees-only), read once, in order
of their id; each row goes to both files, so the two always hold the same cases even if
one is published or withdrawn while the job runs. Columns and cell rules are the export's
(``showcase.api.export``: ``EXPORT_COLUMNS``, formula neutralisation, byte-order mark), so
a snapshot reads like ``/api/v1/export.csv`` of the whole catalogue. Values are in the
site's default language.

Idempotent: a day whose two files exist and match their checksums is left as it is, so a
dated file, once published, never changes (its address can be cited, its ETag stays).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from ..api.export import COLUMN_NAMES, JSON_TAIL, csv_lines, json_head, json_item, rows
from ..search.database import visible_cases
from . import store


@dataclass
class Outcome:
    day: date
    written: bool  # False: the day's snapshot was already complete
    cases: int | None = None
    removed: list[str] = field(default_factory=list)


def public_case_ids() -> list[int]:
    """The ids of every case anybody may see, in a fixed order."""
    return list(visible_cases(AnonymousUser()).order_by("pk").values_list("pk", flat=True))


def snapshot_meta(day: date) -> dict[str, Any]:
    return {
        "snapshot": day.isoformat(),
        "generated_at": timezone.now().isoformat(),
        "columns": list(COLUMN_NAMES),
        "schema": "/api/v1/export/schema.json",
        "licence": settings.DATA_LICENCE_NAME,
        "licence_url": settings.DATA_LICENCE_URL,
    }


def _also_as_json(records: Iterator[dict[str, Any]], out: store.AtomicFile, counter: list[int]) -> Iterator[dict]:
    """Pass the rows on (to the CSV) and write each to the JSON file, as ``export.json_chunks`` lays it out."""
    for index, record in enumerate(records):
        out.write(json_item(record, index).encode("utf-8"))
        counter[0] += 1
        yield record


def write_day(day: date) -> int:
    """Write the day's CSV and JSON and their checksums, replacing any earlier files; the number of cases."""
    folder = store.directory()
    targets = {fmt: folder / store.file_name(day, fmt) for fmt in store.FORMATS}
    csv_out, json_out = store.AtomicFile(targets["csv"]), store.AtomicFile(targets["json"])
    counter = [0]
    try:
        json_out.write(json_head(snapshot_meta(day)).encode("utf-8"))
        with translation.override(settings.LANGUAGE_CODE):
            records = rows(iter(public_case_ids()), AnonymousUser())
            for piece in csv_lines(_also_as_json(records, json_out, counter)):
                csv_out.write(piece.encode("utf-8"))
        json_out.write(JSON_TAIL.encode("utf-8"))
        digests = {"csv": csv_out.commit(), "json": json_out.commit()}
    except BaseException:
        csv_out.discard()
        json_out.discard()
        raise
    for fmt, target in targets.items():
        store.write_checksum(target, digests[fmt])
    return counter[0]


def write_snapshot(day: date | None = None) -> Outcome:
    """Today's snapshot (UTC), unless it is already complete; then the old ones are pruned."""
    day = day or timezone.now().date()
    store.directory().mkdir(parents=True, exist_ok=True)
    outcome = Outcome(day, written=False)
    if not all(store.verified(day, fmt) for fmt in store.FORMATS):
        outcome.cases = write_day(day)
        outcome.written = True
    outcome.removed = store.prune(day, settings.SNAPSHOT_KEEP_WEEKS)
    return outcome
