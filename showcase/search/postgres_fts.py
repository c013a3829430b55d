"""PostgreSQL: the cases matching a concept, through the GIN indexes of Wagtail's search index.

Wagtail's PostgreSQL search matches ``(title || body) @@ query``: the two ``tsvector``
columns joined per row, which no index can serve, so every search reads and joins
every index entry (most of a search's time at 10,000 cases). Its table has a GIN index
on ``title`` and one on ``body``; here each word is looked for in either column
(``title @@ w OR body @@ w``), every word of an alternative required, any alternative:
for plain words that is exactly what the joined vector matched, and the planner can
combine the two indexes (bitmap OR/AND). Words become lexemes with the same text
search configuration as Wagtail's query (the server's default, no ``SEARCH_CONFIG``
set); a stop word is left out, as it is from Wagtail's query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection

ENTRY_TABLE = "wagtailsearch_indexentry"


def available() -> bool:
    """On PostgreSQL with Wagtail's database search and its default configuration."""
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    return (
        connection.vendor == "postgresql"
        and backend.get("BACKEND") == "wagtail.search.backends.database"
        and not backend.get("SEARCH_CONFIG")
    )


def lexemes(words: Iterable[str]) -> dict[str, str]:
    """Each word's ``tsquery`` text (``'recognit'``), empty for a stop word; one round trip."""
    words = sorted(set(words))
    if not words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT w, plainto_tsquery(w)::text FROM unnest(%s::text[]) AS w", [words])
        return dict(cursor.fetchall())


def matching_ids(alternatives: Iterable[str], model: type) -> set[int]:
    """Primary keys of the indexed ``model`` objects matching any alternative (all its words)."""
    alternatives = [text.split() for text in alternatives]
    found = lexemes(w for words in alternatives for w in words)
    arms: list[str] = []
    params: list[object] = []
    for words in alternatives:
        parts = []
        for word in words:
            query = found.get(word, "")
            if query:
                parts.append("(e.title @@ %s::tsquery OR e.body @@ %s::tsquery)")
                params += [query, query]
        if parts:
            arms.append("(" + " AND ".join(parts) + ")")
    if not arms:
        return set()
    sql = f"SELECT e.object_id FROM {ENTRY_TABLE} AS e WHERE e.content_type_id = %s AND (" + " OR ".join(arms) + ")"
    with connection.cursor() as cursor:
        cursor.execute(sql, [ContentType.objects.get_for_model(model).pk, *params])
        return {int(object_id) for (object_id,) in cursor.fetchall()}
