"""SQLite: the cases matching a concept, read from Wagtail's FTS5 table with the MATCH driving the query.

Wagtail's SQLite search joins its FTS5 table (``wagtailsearch_indexentry_fts``) to the
index entries and filters them by content type. SQLite's planner then walks the ~10,000
entries of the content type and evaluates the MATCH once per entry (``SCAN … VIRTUAL
TABLE INDEX 0:=M``): 3–10 s per query at 10,000 cases, as measured in docs/PERFORMANCE.md.
Here the FTS table is the outer loop (``CROSS JOIN`` fixes SQLite's join order), so the
MATCH runs once over the full-text index (milliseconds) and only its rows are joined by
rowid. The MATCH means what Wagtail's compiler makes of ``Or(PlainText(…, operator="and"))``:
the columns title and body, every word of an alternative, any alternative.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import connection

#: Wagtail's (django-modelsearch's) FTS5 table and the index entries it mirrors by rowid.
FTS_TABLE = "wagtailsearch_indexentry_fts"
ENTRY_TABLE = "wagtailsearch_indexentry"


@cache
def _fts5_available() -> bool:
    from modelsearch.backends.database.sqlite.utils import fts5_available

    return bool(fts5_available())


def available() -> bool:
    """On SQLite with FTS5 (Wagtail's own condition for its FTS table); elsewhere Wagtail's search is used."""
    return connection.vendor == "sqlite" and _fts5_available()


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expression(alternatives: Iterable[str]) -> str:
    """``{title body} : (("a" AND "b") OR ("c"))``; empty when no alternative has a word."""
    parts = [" AND ".join(_quoted(w) for w in text.split()) for text in alternatives if text.split()]
    if not parts:
        return ""
    return "{title body} : (" + " OR ".join(f"({part})" for part in parts) + ")"


def matching_ids(alternatives: Iterable[str], model: type) -> set[int]:
    """Primary keys of the indexed ``model`` objects matching any alternative (all its words)."""
    expression = match_expression(alternatives)
    if not expression:
        return set()
    content_type = ContentType.objects.get_for_model(model).pk
    sql = (
        f"SELECT e.object_id FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} AS e ON e.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND e.content_type_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, content_type])
        return {int(object_id) for (object_id,) in cursor.fetchall()}
