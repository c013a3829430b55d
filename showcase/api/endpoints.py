"""The read-only JSON API of the catalogue, version 1 (django-ninja), and its exports.

Every list, count and export runs the catalogue's own search (``showcase.search``) with
the catalogue's own query string (``params.search_request``), so ``/api/v1/cases/?…``
and ``/cases/?…`` find the same cases. Answers are built from the public allow-list
(``case_fields``, from ``showcase.public_fields``); who may see a case is decided by ``showcase.visibility`` through the
search layer: attendees-only cases reach only logged-in attendees (the session cookie
is the credential, so every answer is ``Cache-Control: private`` and ``Vary: Cookie``).

The OpenAPI schema is at ``/api/v1/openapi.json``; the interactive documentation at
``/api/v1/docs`` (self-hosted, see ``docs.SelfHostedSwagger``). See docs/API.md.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError

from ..pipeline_counts import pipeline_counts
from ..search import Results, SearchRequest, search_from_query
from ..search.facets import TAXONOMY_FACETS
from ..search.results import PER_PAGE
from ..visibility import visible_pages
from . import export
from .conditional import set_last_modified
from .openapi_docs import document
from .docs import SelfHostedSwagger
from .language import with_language
from .params import (
    BadRequest,
    CatalogueQuery,
    CatalogueSearchQuery,
    checked_params,
    requested_page,
    search_request,
)
from .case_fields import DETAIL_FIELDS, SUMMARY_FIELDS, load_cases, public_dicts
from .schemas import CaseDetail, CaseList, Error, ExportSchema, FacetCounts, PipelineCountsSchema, Taxonomy

#: How long a browser may reuse an answer (it depends on who asks: private only).
MAX_AGE_SECONDS = 60
#: Slugs are letters, digits, hyphens and underscores (taggit and Wagtail keep non-ASCII letters).
SLUG_MAX_LENGTH = 255

#: Replaced per request by ``openapi_docs.description()`` (translated, with the configured rate limit).
DESCRIPTION = "Read-only access to the public catalogue of AI use cases in law enforcement."


def private(response: HttpResponse) -> HttpResponse:
    """The answer depends on who asks (attendees see more) and the language: never in a shared cache."""
    patch_cache_control(response, private=True, max_age=MAX_AGE_SECONDS)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


class CatalogueAPI(NinjaAPI):
    def create_response(self, request: HttpRequest, data: Any, **kwargs: Any) -> HttpResponse:
        response = private(super().create_response(request, data, **kwargs))
        set_last_modified(request, response, data)
        return response

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Ninja's schema plus the shape of the streamed JSON export (not a pydantic model: it is streamed)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["ExportDocument"] = _export_document_schema()
        return document(schema)


api = CatalogueAPI(
    title="AI use cases in law enforcement: catalogue API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=SelfHostedSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(BadRequest)
def bad_request(request: HttpRequest, exc: BadRequest) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=400)


@api.exception_handler(ValidationError)
def invalid_parameter(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Pydantic's errors, as one sentence per parameter (400, not ninja's default 422)."""
    problems = []
    for error in exc.errors[:10]:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "params")]
        name = ".".join(location)[:40] or "request"
        problems.append(f"{name}: {error.get('msg', 'invalid value')}")
    return api.create_response(request, {"detail": "Invalid parameter. " + "; ".join(problems)}, status=400)


BAD_REQUEST = {400: Error}


def _search(request: HttpRequest, *, paged: bool = True) -> tuple[SearchRequest, Results]:
    return search_from_query(checked_params(request.GET, paged=paged), request.user)


def _messages(search: Any, results: Any) -> list[str]:
    """The search's own messages, plus the facet values that match nothing (the page names them too)."""
    messages = list(results.messages)
    for item in search.invalid:
        messages.append(
            _("“%(value)s” is not a valid value of “%(facet)s”; it matches nothing.")
            % {"value": item.raw, "facet": item.facet.label}
        )
    for facet in results.facets.values():
        for value in facet.unknown:
            messages.append(
                _("“%(facet)s” has no value “%(value)s”; it matches nothing.") % {"value": value, "facet": facet.label}
            )
    return messages


def _filters(search: Any) -> dict[str, list[str]]:
    return {key: list(values) for key, values in search.filters.items()}


@api.get("/cases/", response={200: CaseList, **BAD_REQUEST}, summary="List and search cases", tags=["cases"])
@with_language
def list_cases(request: HttpRequest, params: Query[CatalogueQuery]) -> dict[str, Any]:  # noqa: ARG001
    """The catalogue's search: the same parameters as `/cases/`, twenty cases a page."""
    search, results = _search(request)
    page = requested_page(request.GET)
    messages = _messages(search, results)
    if results.page != page:  # a page after the last one: nothing, rather than the last page again
        ids: list[int] = []
        clamped = _("There is no page %(page)d; this is the last page.") % {"page": page}
        messages = [m for m in messages if m != clamped]
        messages.append(
            _("There is no page %(page)d; there are %(pages)d.") % {"page": page, "pages": results.num_pages}
        )
    else:
        ids = results.ids
    return {
        "query": search.query,
        "filters": _filters(search),
        "sort": search.sort,
        "page": page,
        "per_page": PER_PAGE,
        "num_pages": results.num_pages,
        "total": results.total,
        "backend": results.backend,
        "notice": results.notice,
        "messages": messages,
        "results": public_dicts(ids, SUMMARY_FIELDS, request.user, request),
    }


@api.get(
    "/cases/{slug}/",
    response={200: CaseDetail, 404: Error, **BAD_REQUEST},
    summary="One case by its slug",
    tags=["cases"],
)
@with_language
def case_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Every public field of one live case the caller may see; 404 otherwise (also for attendees-only cases)."""
    from ..models import UseCasePage

    not_found = HttpError(404, "No published case with this slug is visible to you.")
    if len(slug) > SLUG_MAX_LENGTH or not all(ch.isalnum() or ch in "-_" for ch in slug):
        raise not_found  # never sent to the database (NUL bytes, quotes…)
    pk = (
        visible_pages(UseCasePage.objects.live(), request.user)
        .filter(slug=slug)
        .order_by("path")
        .values_list("pk", flat=True)
        .first()
    )
    cases = load_cases([pk], request.user, request) if pk else []
    if not cases:
        raise not_found
    return cases[0].as_dict(DETAIL_FIELDS)


@api.get("/facets/", response={200: FacetCounts, **BAD_REQUEST}, summary="Facet counts", tags=["cases"])
@with_language
def facet_counts(request: HttpRequest, params: Query[CatalogueSearchQuery]) -> dict[str, Any]:  # noqa: ARG001
    """How many cases each facet value would give, with the other facets' selections applied (as on `/cases/`)."""
    search, results = _search(request, paged=False)
    return {
        "query": search.query,
        "filters": _filters(search),
        "total": results.total,
        "backend": results.backend,
        "messages": _messages(search, results),
        "facets": [
            {
                "key": facet.key,
                "label": str(facet.label),
                "values": [
                    {"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
                    for v in facet.values
                ],
                "unknown": list(facet.unknown),
            }
            for facet in results.facets.values()
        ],
    }


@api.get(
    "/statistics/pipeline/", response={200: PipelineCountsSchema, 404: Error},
    summary="Honest counts: every submission and what became of it (numbers only)", tags=["statistics"],
)
def pipeline(request: HttpRequest) -> Any:  # noqa: ARG001
    """Submitted, in review, declined, withdrawn, published, and reviewed but withheld (per reason code)."""
    counts = pipeline_counts()
    if counts is None:
        return 404, {"detail": "Counts are not available."}
    return counts.as_dict()


@api.get("/taxonomies/", response={200: list[Taxonomy], **BAD_REQUEST}, summary="The controlled vocabularies", tags=["taxonomies"])
@with_language
def taxonomies(request: HttpRequest) -> list[dict[str, Any]]:  # noqa: ARG001
    """Every value of every taxonomy facet (slug, name, description), in the editors' order, retired ones included."""
    return [
        {
            "key": spec.key,
            "label": str(spec.label),
            "values": list(
                {"slug": v.slug, "name": v.localized_name, "description": v.description, "active": v.active}
                for v in spec.model._default_manager.order_by("sort_order", "name")
            ),
        }
        for spec in TAXONOMY_FACETS
        if spec.model is not None
    ]


EXPORT_RESPONSES: dict[str, Any] = {
    "csv": {"text/csv": {"schema": {"type": "string"}}},
    "json": {"application/json": {"schema": {"$ref": "#/components/schemas/ExportDocument"}}},
}


def _streamed(content: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "headers": {"Content-Disposition": {"schema": {"type": "string"}, "description": "attachment"}},
                "content": content,
            }
        }
    }


@api.get(
    "/export/cases.csv",
    response=BAD_REQUEST,
    summary="Export the result set as CSV",
    tags=["exports"],
    openapi_extra=_streamed(EXPORT_RESPONSES["csv"], "Every matching case, one row each (streamed)."),
)
@with_language
def export_csv(request: HttpRequest, params: Query[CatalogueSearchQuery]) -> HttpResponse:  # noqa: ARG001
    """Every case the same catalogue search finds (all pages), one row each; columns: `/api/v1/export/schema.json`."""
    search = search_request(request.GET, paged=False)
    return private(export.csv_response(search, request.user, request))


@api.get(
    "/export/cases.json",
    response=BAD_REQUEST,
    summary="Export the result set as JSON",
    tags=["exports"],
    openapi_extra=_streamed(EXPORT_RESPONSES["json"], "`meta` (the search applied) and `cases` (streamed)."),
)
@with_language
def export_json(request: HttpRequest, params: Query[CatalogueSearchQuery]) -> HttpResponse:  # noqa: ARG001
    """Every case the same catalogue search finds (all pages), with the same keys as the CSV columns."""
    search = search_request(request.GET, paged=False)
    return private(export.json_response(search, request.user, request))


@api.get("/export/schema.json", response=ExportSchema, summary="The export columns", tags=["exports"])
def export_schema(request: HttpRequest) -> dict[str, Any]:  # noqa: ARG001
    """Name, type and meaning of every export column (stable: new columns are only appended)."""
    return {
        "columns": [{"name": c.name, "type": c.type, "description": c.description} for c in export.EXPORT_COLUMNS],
        "files": {"csv": "/api/v1/export/cases.csv", "json": "/api/v1/export/cases.json"},
        "formats": {
            "csv": "UTF-8 with a byte-order mark; header row; lists joined by '; '; cells starting with "
            "= + - @, tab or carriage return are prefixed with an apostrophe.",
            "json": '{"meta": {...}, "cases": [{column: value}, ...]}; lists are arrays; missing values are null.',
        },
    }


def _export_document_schema() -> dict[str, Any]:
    kinds = {
        "integer": {"type": "integer"},
        "boolean": {"type": "boolean"},
        "list": {"type": "array", "items": {"type": "string"}},
        "string": {"type": ["string", "null"]},
        "date-time": {"type": ["string", "null"]},
    }
    return {
        "type": "object",
        "required": ["meta", "cases"],
        "properties": {
            "meta": {"type": "object"},
            "cases": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": list(export.COLUMN_NAMES),
                    "properties": {c.name: kinds[c.type] for c in export.EXPORT_COLUMNS},
                },
            },
        },
    }
