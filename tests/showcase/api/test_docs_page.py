"""The docs page: our own static files only, no inline script, its own narrow CSP; a schema that documents every endpoint."""

from __future__ import annotations

import re

import pytest
from pydantic import TypeAdapter

from showcase.api.schemas import CaseDetail, CaseList, ExportSchema, FacetCounts, PipelineCountsSchema, Taxonomy

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

#: The answer model of each JSON endpoint, to validate its example against.
MODELS = {
    "/api/v1/cases/": CaseList,
    "/api/v1/cases/{slug}/": CaseDetail,
    "/api/v1/facets/": FacetCounts,
    "/api/v1/statistics/pipeline/": PipelineCountsSchema,
    "/api/v1/taxonomies/": list[Taxonomy],
    "/api/v1/export/schema.json": ExportSchema,
}


def policy(response) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: value for name, value in parts}


def test_the_docs_page_loads_only_our_static_files_under_a_narrow_policy(api):
    response = api.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html and "<main" in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 3
    for attributes, content in scripts:
        if 'type="application/json"' in attributes:
            continue  # a data block (the settings), never run
        assert re.fullmatch(r'\s*src="/static/ninja/[a-z-]+\.js"', attributes) and not content.strip(), attributes
    assert "http://" not in html and "https://" not in html and "cdn" not in html.lower()
    assert not re.search(r"\son[a-z]+=|\sstyle=", html)  # no inline event handlers or styles
    assert policy(response) == {
        "default-src": "'none'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
        "connect-src": "'self'", "base-uri": "'none'", "form-action": "'none'", "frame-ancestors": "'none'",
    }  # fmt: skip
    again = api.get("/api/v1/docs", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and policy(again) == policy(response)  # a 304 refreshes the stored headers
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert api.get(asset).status_code == 200, asset


def test_the_settings_block_cannot_end_its_script_element(api, monkeypatch):
    from showcase.api.endpoints import api as catalogue_api

    monkeypatch.setitem(catalogue_api.docs.settings, "docExpansion", "</script><script>alert(1)</script>")
    html = api.get("/api/v1/docs").content.decode()
    assert "<script>alert(1)" not in html and html.count("</script>") == 3


def test_every_endpoint_has_a_summary_a_description_and_examples(api, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 77
    schema = api.get("/api/v1/openapi.json").json()
    description = schema["info"]["description"]
    assert "77 requests per 60 seconds" in description and "Retry-After" in description
    assert "If-None-Match" in description and "If-Modified-Since" in description
    operations = [(path, op) for path, ops in schema["paths"].items() for op in ops.values()]
    assert len(operations) >= 8
    for path, operation in operations:
        assert operation.get("summary") and operation.get("description"), path
        responses = operation["responses"]
        examples = [media["example"] for media in responses["200"]["content"].values() if "example" in media]
        assert examples, f"{path} has no example answer"
        assert responses["429"]["headers"]["Retry-After"] and responses["429"]["content"]["application/json"]["example"]
        for status in set(responses) & {"400", "404"}:
            assert responses[status]["content"]["application/json"]["example"]["detail"], (path, status)
        if path in MODELS:
            TypeAdapter(MODELS[path]).validate_python(examples[0])
            assert "304" in responses and "ETag" in responses["200"]["headers"], path
    assert set(MODELS) <= {path for path, _op in operations}


def test_the_example_case_carries_exactly_the_public_fields(api):
    from showcase.api.case_fields import DETAIL_FIELDS, SUMMARY_FIELDS
    from showcase.api.examples import EXAMPLES

    assert tuple(EXAMPLES["/api/v1/cases/{slug}/"]) == DETAIL_FIELDS
    assert tuple(EXAMPLES["/api/v1/cases/"]["results"][0]) == SUMMARY_FIELDS
