"""CSV and JSON exports of a catalogue result set, streamed so memory stays flat.

The ids come from ``matching.matching_ids`` (the catalogue's search, read in chunks);
each chunk of ``EXPORT_CHUNK`` cases is loaded with its relations in a fixed number of
queries (``case_fields.load_cases``), written out, and dropped before the next one, so a
100,000-case export holds a few hundred cases at a time.

Columns (``EXPORT_COLUMNS``) are the public fields of ``showcase.public_fields`` in its
order, then the ``*_slugs`` columns; they are stable: new columns are only ever appended,
and a renamed or removed column means a new API version. Lists hold names (as the page
shows them), except ``countries`` (ISO codes) and the ``*_slugs`` columns. CSV cells that a
spreadsheet could run as a formula get a leading apostrophe (OWASP "CSV injection"):
those starting with a tab or carriage return, and those whose first visible character,
once blanks and invisible characters are skipped and the text is NFKC-normalised, is
``= + - @`` (so `` =``, ``\n=``, ``\u00a0@``, full-width ``＝`` and the like too).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from ..public_fields import PUBLIC_FIELDS, PublicField, Relation
from ..search import SearchRequest
from .case_fields import PublicCase, chunked, load_cases
from .matching import matching_ids

#: Cases loaded per database round (their relations come in a fixed number of queries).
EXPORT_CHUNK = 100
#: CSV: values of a multi-valued column are joined with this.
LIST_SEPARATOR = "; "
#: A cell starting with one of these is neutralised whatever follows (OWASP's list).
FORMULA_PREFIXES = ("\t", "\r")
#: The first visible character of a formula, after NFKC ("＝", "﹦", "⁼" become "=").
#: U+2212 MINUS SIGN stays itself under NFKC, but a spreadsheet may read it as "-".
FORMULA_STARTS = frozenset("=+-@\u2212")
#: Unicode categories a spreadsheet may skip or trim before it decides: controls (line feed,
#: vertical tab…), invisible format characters (zero-width space, BOM, soft hyphen) and separators.
SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, boolean, date-time, list
    description: str
    value: Callable[[PublicCase], Any]


def _names(field: str) -> Callable[[PublicCase], list[str]]:
    return lambda case: [term["name"] for term in case.field(field)]


def _slugs(field: str) -> Callable[[PublicCase], list[str]]:
    return lambda case: [term["slug"] for term in case.field(field)]


def _name(field: str) -> Callable[[PublicCase], str]:
    return lambda case: (case.field(field) or {}).get("name", "")


def _label(field: str) -> Callable[[PublicCase], str]:
    return lambda case: (case.field(field) or {}).get("label", "")


def _plain(field: str) -> Callable[[PublicCase], Any]:
    return lambda case: case.field(field)


def _codes(field: str) -> Callable[[PublicCase], list[str]]:
    return lambda case: [country["code"] for country in case.field(field)]


#: Column type and value of a public field, by its kind (``relation``: by how many values it has).
COLUMN_OF_KIND: dict[str, tuple[str, Callable[[str], Callable[[PublicCase], Any]]]] = {
    "id": ("integer", _plain),
    "text": ("string", _plain),
    "url": ("string", _plain),
    "choice": ("string", _label),
    "countries": ("list", _codes),
    "tags": ("list", _names),
    "flag": ("boolean", _plain),
    "date": ("date-time", _plain),
    "relation": ("string", _name),
    "relations": ("list", _names),
}


def _column(field: PublicField) -> Column:
    kind = "relations" if isinstance(field, Relation) and field.many else field.kind
    column_type, value = COLUMN_OF_KIND[kind]
    return Column(field.name, column_type, field.description, value(field.name))


def _slug_column(field: PublicField) -> Column:
    description = f"{field.description.rstrip('.')} as slugs (the catalogue's {field.facet}= values)."
    return Column(field.slug_column, "list", description, _slugs(field.name))


# The column order is append-only (docs/API.md): the fields of the first export, their slug columns,
# then each field added later, in the order it was added.
EXPORT_COLUMNS: tuple[Column, ...] = (
    *(_column(field) for field in PUBLIC_FIELDS if field.export_version == 1),
    *(_slug_column(field) for field in PUBLIC_FIELDS if field.slug_column),
    *(_column(field) for field in sorted(PUBLIC_FIELDS, key=lambda f: f.export_version) if field.export_version > 1),
)
COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in EXPORT_COLUMNS)


def export_row(case: PublicCase) -> dict[str, Any]:
    return {column.name: column.value(case) for column in EXPORT_COLUMNS}


def rows(ids: Iterator[int], user: Any, request: HttpRequest | None = None) -> Iterator[dict[str, Any]]:
    """The cases with these ids (a search's, in its order) as export rows, a chunk at a time."""
    for ids in chunked(ids, EXPORT_CHUNK):
        for case in load_cases(ids, user, request):
            yield export_row(case)


# --- CSV ---------------------------------------------------------------------------------------


def reads_as_formula(text: str) -> bool:
    """Whether a spreadsheet that trims blanks and normalises Unicode could take ``text`` for a formula.

    Looks at the leading characters one at a time (usually just the first), so a cell
    padded with thousands of spaces costs no more than its padding.
    """
    if text.startswith(FORMULA_PREFIXES):
        return True
    for char in text:
        if char in FORMULA_STARTS:
            return True
        visible = [c for c in unicodedata.normalize("NFKC", char) if unicodedata.category(c) not in SKIPPED_CATEGORIES]
        if visible:
            return visible[0] in FORMULA_STARTS
    return False


def neutralise(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if reads_as_formula(text) else text


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    return neutralise(str(value))


def csv_chunks(header: list[str], cell_rows: Iterator[list[str]], rows_per_chunk: int = 50) -> Iterator[str]:
    """``header`` and the rows of cells as CSV text, a chunk every ``rows_per_chunk`` rows.

    The first chunk starts with a byte-order mark, so that spreadsheet programs read the file as UTF-8.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(header)
    yield "\ufeff" + flush()
    for count, cells in enumerate(cell_rows, start=1):
        writer.writerow(cells)
        if count % rows_per_chunk == 0:
            yield flush()
    yield flush()


def csv_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    return csv_chunks(list(COLUMN_NAMES), ([csv_cell(record[name]) for name in COLUMN_NAMES] for record in records))


# --- JSON --------------------------------------------------------------------------------------


def json_head(meta: dict[str, Any], key: str = "cases") -> str:
    return '{"meta": ' + json.dumps(meta, ensure_ascii=False) + f', "{key}": ['


def json_item(record: dict[str, Any], index: int) -> str:
    """One row of the list, after a separator unless it is the first (``index`` 0)."""
    return ("\n" if index == 0 else ",\n") + json.dumps(record, ensure_ascii=False)


JSON_TAIL = "\n]}\n"


def json_chunks(records: Iterator[dict[str, Any]], meta: dict[str, Any], key: str = "cases") -> Iterator[str]:
    """``{"meta": {...}, "<key>": [row, …]}`` written piece by piece."""
    yield json_head(meta, key)
    for index, record in enumerate(records):
        yield json_item(record, index)
    yield JSON_TAIL


# --- Responses ---------------------------------------------------------------------------------


def filename(extension: str) -> str:
    """A safe download name: fixed letters and the date, nothing from the request."""
    return f"ai-use-cases-{timezone.now():%Y%m%d-%H%M}.{extension}"


def _attachment(content: Iterator[str], content_type: str, extension: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse((part.encode("utf-8") for part in content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(extension)}"'
    return response


def csv_response(search: SearchRequest, user: Any, request: HttpRequest) -> StreamingHttpResponse:
    # The search starts here, before the response: an Elasticsearch outage falls back in time.
    matching = matching_ids(search, user)
    return _attachment(csv_lines(rows(matching.ids, user, request)), "text/csv; charset=utf-8", "csv")


def json_response(search: SearchRequest, user: Any, request: HttpRequest) -> StreamingHttpResponse:
    matching = matching_ids(search, user)
    meta = search_meta(search, matching.backend)
    return _attachment(json_chunks(rows(matching.ids, user, request), meta), "application/json; charset=utf-8", "json")


def search_meta(search: SearchRequest, backend: str) -> dict[str, Any]:
    return {
        "generated_at": timezone.now().isoformat(),
        "backend": backend,
        "query": search.query,
        "filters": {key: list(values) for key, values in search.filters.items()},
        "sort": search.sort,
        "messages": list(search.messages),
        "columns": list(COLUMN_NAMES),
        "schema": "/api/v1/export/schema.json",
    }
