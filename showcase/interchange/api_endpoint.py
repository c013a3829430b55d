"""``/api/v1/export/registers/``: a catalogue result set in a public register's format (public fields only).

The same catalogue query string as ``/cases/`` and the other exports, plus ``format``
(a key of ``formats.FORMATS``); without ``format`` the answer lists the formats. Anyone may
ask, editors included, and everyone gets the same file: public fields only, and never an
attendees-only case, even for an attendee, because the file is meant for a public register
(the search and the loading both run as an anonymous visitor). The owning organisation's
own answers travel only in the one-case download of ``portal.register_exports``.

Registered on the API by ``ShowcaseConfig.ready`` (the API module does not import this
package, which reads the API's allow-list: no import cycle).
"""


from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from ninja import Query

from ..api.case_fields import chunked, load_cases
from ..api.endpoints import BAD_REQUEST, api, private
from ..api.export import EXPORT_CHUNK
from ..api.language import with_language
from ..api.matching import matching_ids
from ..api.params import BadRequest, CatalogueSearchQuery, search_request
from . import documents
from .formats import FORMATS, format_named

PATH = "/export/registers/"
#: The keys, for the OpenAPI schema (ninja answers any other value 400 before the view runs).
FormatKey = Literal[tuple(FORMATS)]  # type: ignore[valid-type]


def _format(request: HttpRequest) -> Any:
    values = request.GET.getlist("format")
    if len(values) > 1:
        raise BadRequest("Give format once.")
    fmt = format_named(values[0]) if values else None
    if values and fmt is None:
        raise BadRequest("Unknown format. Known formats: %s." % ", ".join(FORMATS))
    return fmt


def formats_index() -> dict[str, Any]:
    return {
        "formats": [
            {
                "format": fmt.key, "title": fmt.title, "version": fmt.version, "reference": fmt.reference,
                "file": "csv" if fmt.csv else "json", "url": f"/api/v1{PATH}?format={fmt.key}",
                "fields": list(fmt.paths),
            }
            for fmt in FORMATS.values()
        ],
        "documentation": documents.DOCUMENTATION,
    }  # fmt: skip


@api.get(
    PATH, response=BAD_REQUEST, summary="Export the result set in a public register's format", tags=["exports"],
    openapi_extra={"responses": {200: {"description": "Without format: the formats. With format: the file "
                                       "(JSON, or CSV for us-ai-inventory), every matching public case."}}},
)  # fmt: skip
@with_language
def register_export(
    request: HttpRequest, params: Query[CatalogueSearchQuery], format: FormatKey | None = None  # noqa: A002, ARG001
) -> Any:
    """UK ATRS, Dutch Algoritmeregister 1.0, US AI use-case inventory (CSV) or EU AI Act Annex VIII Section C.

    Public fields only; attendees-only cases are never included. See docs/INTERCHANGE.md for every field.
    """
    fmt = _format(request)
    if fmt is None:
        return api.create_response(request, formats_index(), status=200)
    query = request.GET.copy()
    query.pop("format", None)
    anonymous = AnonymousUser()
    matching = matching_ids(search_request(query, paged=False), anonymous)
    cases = (case for ids in chunked(matching.ids, EXPORT_CHUNK) for case in load_cases(ids, anonymous, request))
    answer: HttpResponse = documents.response(fmt, cases)
    return private(answer)
