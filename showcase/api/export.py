"""CSV and JSON exports of a catalogue result set, streamed so memory stays flat.

The ids come from ``matching.matching_ids`` (the catalogue's search, read in chunks);
each chunk of ``EXPORT_CHUNK`` cases is loaded with its relations in a fixed number of
queries (``public.load_cases``), written out, and dropped before the next one, so a
100,000-case export holds a few hundred cases at a time.

Columns (``EXPORT_COLUMNS``) are stable: new columns are only ever appended, and a
renamed or removed column means a new API version. Lists hold names (as the page shows
them), except ``countries`` (ISO codes) and the ``*_slugs`` columns. CSV cells that a
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

from ..search import SearchRequest
from .matching import matching_ids
from .public import PublicCase, chunked, load_cases

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


EXPORT_COLUMNS: tuple[Column, ...] = (
    Column("id", "integer", "The case's stable identifier.", _plain("id")),
    Column("slug", "string", "The last part of the case's address; /api/v1/cases/<slug>/ returns it.", _plain("slug")),
    Column("url", "string", "The case's public page.", _plain("url")),
    Column("title", "string", "Title.", _plain("title")),
    Column("summary", "string", "Short summary.", _plain("summary")),
    Column("content_language", "string", "Language the case is written in (en, fr, es, ar…).", _plain("content_language")),
    Column("organisation", "string", "The organisation, or an anonymised label when its name is hidden.", _plain("organisation")),
    Column("organisation_type", "string", "Organisation type.", _name("organisation_type")),
    Column("countries", "list", "Countries where it is used (ISO 3166-1 alpha-2 codes).", lambda c: [x["code"] for x in c.field("countries")]),
    Column("regions", "list", "UN M49 regions (derived from the countries).", _names("regions")),
    Column("deployment_stage", "string", "Deployment stage.", _name("deployment_stage")),
    Column("use_categories", "list", "Use categories.", _names("use_categories")),
    Column("ai_techniques", "list", "AI techniques.", _names("ai_techniques")),
    Column("crime_areas", "list", "Crime areas.", _names("crime_areas")),
    Column("affected_persons", "list", "Persons whose data or situation the system touches.", _names("affected_persons")),
    Column("risk_tier", "string", "EU AI Act risk class claimed by the submitter.", _name("risk_tier")),
    Column("decision_role", "string", "What the output does in the decision.", _name("decision_role")),
    Column("tags", "list", "Free tags.", _names("tags")),
    Column("problem", "string", "Problem addressed.", _plain("problem")),
    Column("benefits", "string", "Observed or expected benefits.", _plain("benefits")),
    Column("outputs", "string", "What the system produces.", _plain("outputs")),
    Column("build_approach", "string", "How it was built.", _label("build_approach")),
    Column("supplier_name", "string", "Supplier, when one is involved.", _plain("supplier_name")),
    Column("data_summary", "string", "Data used (public summary).", _plain("data_summary")),
    Column("legal_basis_summary", "string", "Legal basis (public summary).", _plain("legal_basis_summary")),
    Column("necessity_proportionality", "string", "Necessity and proportionality.", _plain("necessity_proportionality")),
    Column("annex_iii_point", "string", "EU AI Act Annex III point.", _label("annex_iii_point")),
    Column("impact_assessments_summary", "string", "Impact assessments (public summary).", _plain("impact_assessments_summary")),
    Column("evaluation_summary", "string", "Evaluation, accuracy and bias testing (public summary).", _plain("evaluation_summary")),
    Column("human_oversight", "string", "Human oversight.", _plain("human_oversight")),
    Column("redress_route", "string", "How an affected person can challenge an outcome.", _plain("redress_route")),
    Column("accountable_role", "string", "Accountable role (a title, never a person's name).", _plain("accountable_role")),
    Column("logging_audit_summary", "string", "Logging and audit (public summary).", _plain("logging_audit_summary")),
    Column("attendees_only", "boolean", "Only logged-in attendees see this case.", _plain("attendees_only")),
    Column("first_published_at", "date-time", "First publication (ISO 8601, UTC).", _plain("first_published_at")),
    Column("last_published_at", "date-time", "Latest publication (ISO 8601, UTC).", _plain("last_published_at")),
    Column("use_category_slugs", "list", "Use categories as slugs (the catalogue's category= values).", _slugs("use_categories")),
    Column("ai_technique_slugs", "list", "AI techniques as slugs (technique= values).", _slugs("ai_techniques")),
    Column("crime_area_slugs", "list", "Crime areas as slugs (crime_area= values).", _slugs("crime_areas")),
    Column("tag_slugs", "list", "Tags as slugs (tag= values).", _slugs("tags")),
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


def csv_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
    writer.writerow(COLUMN_NAMES)
    yield "\ufeff" + flush()
    for count, record in enumerate(records, start=1):
        writer.writerow([csv_cell(record[name]) for name in COLUMN_NAMES])
        if count % 50 == 0:
            yield flush()
    yield flush()


# --- JSON --------------------------------------------------------------------------------------


def json_chunks(records: Iterator[dict[str, Any]], meta: dict[str, Any]) -> Iterator[str]:
    """``{"meta": {...}, "cases": [row, …]}`` written piece by piece."""
    yield '{"meta": ' + json.dumps(meta, ensure_ascii=False) + ', "cases": ['
    separator = "\n"
    for record in records:
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


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
