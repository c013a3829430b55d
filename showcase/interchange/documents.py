"""A register format's records for cases, as a JSON or CSV document, streamed.

A record is built from the case's public fields (``PublicCase``, the API's allow-list)
and, only when the caller passes them, the owning organisation's own confidential
answers (``OwnAnswers``: the portal passes them for that organisation's members and for
nobody else). Every document says what it leaves out: ``left_empty`` and ``never_exported``
(from the format's table) and, per record, ``withheld`` (what the law keeps out of it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

from ..api.case_fields import PublicCase
from ..api.export import csv_cell
from ..api.export import csv_chunks as export_csv_chunks  # the same cells and byte-order mark
from ..api.export import json_chunks as export_json_chunks  # the same layout, under "records"
from ..models import UseCaseTag
from .fields import PATH_SEPARATOR, Field, Format, cut

DOCUMENTATION = "docs/INTERCHANGE.md"
EMPTY = (None, "", [], ())


@dataclass(frozen=True)
class OwnAnswers:
    """The owning organisation's own answers about one case, for its members' export only."""

    values: dict[str, Any]  # Submission field -> stored value, for the fields the tables name (``OWN_FIELDS``)
    rows: list[dict[str, str]] = field(default_factory=list)  # every confidential answer: name, label, value


def public_case(page: Any, request: Any = None) -> PublicCase:
    """One live page as the API's public view of it, for a reader already allowed to see it (the owner, an editor)."""
    tags = [
        {"slug": slug, "name": tag_name}
        for slug, tag_name in UseCaseTag.objects.filter(content_object_id=page.pk)
        .order_by("tag__name", "tag__slug")
        .values_list("tag__slug", "tag__name")
    ]
    return PublicCase(page, tags, request)


def own_fields(formats: Iterable[Format]) -> tuple[str, ...]:
    """The confidential answers the tables name (what the portal reads for ``OwnAnswers.values``)."""
    return tuple(sorted({f.own for fmt in formats for f in fmt.fields if f.own}))


def _own_value(item: Field, own: OwnAnswers | None) -> Any:
    if own is None or not item.own:
        return None
    value = own.values.get(item.own)
    if value in EMPTY:
        return None
    # A converter reads the public value(s); an own answer is stored text, converted only by own-only fields.
    return item.convert(value) if item.convert and not item.public else str(value)


def field_value(item: Field, values: dict[str, Any], own: OwnAnswers | None) -> Any:
    if item.confidential:
        return item.blank
    value = _own_value(item, own)
    if value in EMPTY and item.public:
        value = item.convert(*(values[name] for name in item.public))
    if value in EMPTY and item.fixed is not None:
        value = item.fixed
    return item.blank if value in EMPTY else cut(value, item.max_length)


def _put(record: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(PATH_SEPARATOR)
    for part in parents:
        record = record.setdefault(part, {})
    record[leaf] = value


def record_for(fmt: Format, case: PublicCase, own: OwnAnswers | None = None) -> dict[str, Any]:
    """``{"case": {...}, "record": {their fields}, "withheld": {field: why}}`` for one case."""
    names = {name for item in fmt.fields for name in item.public} | {"annex_iii_point"}
    values = {name: case.field(name) for name in names}
    withheld = fmt.withheld(values)
    record: dict[str, Any] = {}
    for item in fmt.fields:
        _put(record, item.path, item.blank if item.path in withheld else field_value(item, values, own))
    about = {name: case.field(name) for name in ("id", "case_number", "url", "content_language")}
    return {"case": about, "record": record, "withheld": withheld}


def flat(record: dict[str, Any], fmt: Format) -> dict[str, Any]:
    """A nested record's fields by path (for CSV and for tests)."""
    out = {}
    for path in fmt.paths:
        value: Any = record
        for part in path.split(PATH_SEPARATOR):
            value = value.get(part) if isinstance(value, dict) else None
        out[path] = value
    return out


def meta(fmt: Format, own: OwnAnswers | None) -> dict[str, Any]:
    return {
        "format": fmt.key,
        "title": fmt.title,
        "version": fmt.version,
        "reference": fmt.reference,
        "documentation": DOCUMENTATION,
        "generated_at": timezone.now().isoformat(),
        "confidential_answers_included": own is not None,
        "left_empty": {f.path: f.empty for f in fmt.fields if f.empty and not f.public and not f.fixed},
        "never_exported": {f.path: f.confidential for f in fmt.fields if f.confidential},
    }


def json_chunks(fmt: Format, records: Iterator[dict[str, Any]], own: OwnAnswers | None) -> Iterator[str]:
    head = meta(fmt, own)
    if own is not None:
        head["own_answers"] = own.rows
    yield from export_json_chunks(records, head, key="records")


def csv_chunks(fmt: Format, records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """One row per case, their columns in their order; spreadsheet formulas neutralised (``export.csv_cell``).

    With a byte-order mark, as the US inventory's own CSV files are.
    """
    cells = ([csv_cell(row[path]) for path in fmt.paths] for row in (flat(item["record"], fmt) for item in records))
    return export_csv_chunks(list(fmt.paths), cells, rows_per_chunk=1)


def response(
    fmt: Format, cases: Iterable[PublicCase], own: OwnAnswers | None = None, *, name: str = ""
) -> StreamingHttpResponse:
    """The document as a download (``name`` goes in the file name: fixed letters and digits only)."""
    records = (record_for(fmt, case, own) for case in cases)
    if fmt.csv:
        content, content_type, extension = csv_chunks(fmt, records), "text/csv; charset=utf-8", "csv"
    else:
        content, content_type, extension = json_chunks(fmt, records, own), "application/json; charset=utf-8", "json"
    answer = StreamingHttpResponse((part.encode("utf-8") for part in content), content_type=content_type)
    suffix = name or f"{timezone.now():%Y%m%d-%H%M}"
    answer["Content-Disposition"] = f'attachment; filename="{fmt.key}-{suffix}.{extension}"'
    return answer
