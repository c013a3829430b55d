"""Example answers of every API endpoint, for the OpenAPI schema and the docs page.

The example case is built from ``showcase.public_fields`` (a sample value per kind, a few
names written out), so an example can never show a field the API does not send, nor
miss one it does. ``tests/showcase/api/test_docs_page.py`` validates every example
against the endpoint's response schema.
"""

from __future__ import annotations

from typing import Any

from ..public_fields import PUBLIC_FIELDS, PublicField, Relation

_TERM = {"slug": "computer-vision", "name": "Computer vision"}
_SAMPLE_BY_KIND: dict[str, Any] = {
    "id": 42,
    "text": "",
    "url": "https://example.org/cases/licence-plate-recognition-for-stolen-vehicles/",
    "choice": {"code": "supplier", "label": "Bought from a supplier"},
    "countries": [{"code": "NL", "name": "Netherlands"}],
    "tags": [{"slug": "vehicles", "name": "vehicles"}],
    "flag": False,
    "date": "2026-11-02T09:30:00+00:00",
    "relation": {"slug": "pilot", "name": "Pilot"},
    "relations": [_TERM],
}
_SAMPLE_BY_NAME: dict[str, Any] = {
    "slug": "licence-plate-recognition-for-stolen-vehicles",
    "title": "Licence plate recognition for stolen vehicles",
    "summary": "Cameras at motorway junctions read plates and alert officers to vehicles reported stolen.",
    "content_language": "en",
    "organisation": "a national police agency",
    "regions": [{"slug": "western-europe", "name": "Western Europe"}],
    "organisation_type": {"slug": "national-police", "name": "National police"},
    "deployment_stage": {"slug": "in-use", "name": "In use"},
    "use_categories": [{"slug": "vehicle-crime", "name": "Vehicle crime detection"}],
    "crime_areas": [{"slug": "vehicle-theft", "name": "Vehicle theft"}],
    "affected_persons": [{"slug": "drivers", "name": "Drivers and vehicle owners"}],
    "risk_tier": {"slug": "high-risk", "name": "High risk"},
    "decision_role": {"slug": "alert-for-human", "name": "Alerts a person, who decides"},
    "case_number": "AILE-2026-0042",
    "review_due": "2027-11-02T00:00:00+00:00",
    "first_published_at": "2026-10-15T14:00:00+00:00",
    "retired_note": "",
    "supplier_name": "",
    "annex_iii_point": {"code": "6d", "label": "6(d): assessing the reliability of evidence"},
}


def _sample(field: PublicField) -> Any:
    if field.name in _SAMPLE_BY_NAME:
        return _SAMPLE_BY_NAME[field.name]
    kind = "relations" if isinstance(field, Relation) and field.many else field.kind
    if kind == "text":
        return f"({field.description})" if field.description else "…"
    return _SAMPLE_BY_KIND[kind]


def example_case(*, detail: bool) -> dict[str, Any]:
    return {field.name: _sample(field) for field in PUBLIC_FIELDS if detail or field.in_list}


_FACET = {
    "key": "technique",
    "label": "AI technique",
    "values": [
        {"value": "computer-vision", "label": "Computer vision", "count": 12, "selected": True},
        {"value": "natural-language-processing", "label": "Natural language processing", "count": 7, "selected": False},
    ],
    "unknown": [],
}


def _examples() -> dict[str, Any]:
    search = {"query": "licence plate", "filters": {"technique": ["computer-vision"]}}
    return {
        "/api/v1/cases/": {
            **search, "sort": "relevance", "page": 1, "per_page": 20, "num_pages": 1, "total": 1,
            "backend": "elasticsearch", "notice": "", "messages": [], "results": [example_case(detail=False)],
        },
        "/api/v1/cases/{slug}/": example_case(detail=True),
        "/api/v1/facets/": {**search, "total": 12, "backend": "elasticsearch", "messages": [], "facets": [_FACET]},
        "/api/v1/statistics/pipeline/": {
            "submitted": 57, "in_review": 6, "declined": 4, "withdrawn": 2, "published": 41, "withheld": 4,
            "withheld_by_reason": {"operational_security": 3, "legal_restriction": 1, "other": 0},
        },
        "/api/v1/taxonomies/": [
            {"key": "technique", "label": "AI technique", "values": [
                {"slug": "computer-vision", "name": "Computer vision",
                 "description": "Systems that interpret images or video.", "active": True},
            ]},
        ],
        # Without ``format``: the formats (showcase/interchange, registered in ShowcaseConfig.ready).
        "/api/v1/export/registers/": {
            "formats": [{"format": "uk-atrs", "title": "UK Algorithmic Transparency Recording Standard",
                         "version": "3.0", "reference": "https://www.gov.uk/government/collections/algorithmic-transparency-recording-standard-hub",
                         "file": "json", "url": "/api/v1/export/registers/?format=uk-atrs",
                         "fields": ["tier_1.name", "tier_1.description", "…"]}],
            "documentation": "docs/INTERCHANGE.md",
        },
        "/api/v1/export/schema.json": {
            "columns": [{"name": "id", "type": "integer", "description": "The case's stable identifier"}],
            "files": {"csv": "/api/v1/export/cases.csv", "json": "/api/v1/export/cases.json"},
            "formats": {"csv": "UTF-8 with a byte-order mark; …", "json": '{"meta": {...}, "cases": [...]}'},
        },
    }  # fmt: skip


def _export_examples() -> dict[str, tuple[str, Any]]:
    case = example_case(detail=False)
    return {
        "/api/v1/export/cases.csv": (
            "text/csv",
            "\ufeffid,slug,url,title,…\r\n42,licence-plate-recognition-for-stolen-vehicles,https://example.org/…,"
            "Licence plate recognition for stolen vehicles,…\r\n",
        ),
        "/api/v1/export/cases.json": (
            "application/json",
            {"meta": {"generated_at": "2026-12-06T13:00:00+00:00", "backend": "elasticsearch", "query": "",
                      "filters": {}, "sort": "newest", "messages": [], "columns": ["id", "slug", "…"],
                      "schema": "/api/v1/export/schema.json"},
             "cases": [{"id": case["id"], "slug": case["slug"], "title": case["title"], "…": "…"}]},
        ),
    }  # fmt: skip


#: The JSON answer each path gives with 200 (the exports are in ``EXPORT_EXAMPLES``).
EXAMPLES: dict[str, Any] = _examples()
#: (media type, example) of the streamed exports.
EXPORT_EXAMPLES: dict[str, tuple[str, Any]] = _export_examples()

ERROR_EXAMPLES: dict[int, str] = {
    400: "sort must be one of: relevance, newest, title.",
    404: "No published case with this slug is visible to you.",
    429: "Too many requests: at most 120 requests in 60 seconds per client. Try again in 17 seconds.",
}
