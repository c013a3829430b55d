"""The API and the exports find exactly what the catalogue page finds for the same query string.

Compared with ``showcase.search.run_search(request_from_params(...))`` (what ``/cases/``
runs) and with the ``/cases/`` page itself, on both search backends. Every test here only reads the
known cases, built (and indexed) once per backend; a result set larger than a page is in
test_catalogue_parity_pages.py.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from showcase.search import request_from_params, run_search
from .conftest import csv_rows, json_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(indexed_once):
    return indexed_once

QUERIES = [
    "",
    "technique=computer-vision",
    "technique=computer-vision&technique=generative-ai&stage=in-operation",
    "q=licence+plate",
    "q=cameras&sort=title",
    "country=nl&country=KE&sort=title",
    "region=europe&organisation_type=national-police&sort=newest",
    "tag=cameras&risk_tier=high-risk-annex-iii",
    "q=recognition&category=licence-plate-recognition&category=facial-recognition-retrospective&sort=relevance",
    "category=no-such-category",
    "year=2024",
]


def catalogue(query: str, user=None):
    return run_search(request_from_params(QueryDict(query)), user or AnonymousUser())


@pytest.mark.parametrize("query", QUERIES)
def test_list_and_facets_match_the_catalogue_search(indexed, api, query):
    expected = catalogue(query)
    listed = api.get(f"/api/v1/cases/?{query}")
    assert listed.status_code == 200, listed.content
    data = listed.json()
    assert [case["id"] for case in data["results"]] == expected.ids
    assert data["total"] == expected.total
    assert data["backend"] == expected.backend

    facets = api.get(f"/api/v1/facets/?{query}").json()
    counts = {facet["key"]: {v["value"]: v["count"] for v in facet["values"] if v["count"]} for facet in facets["facets"]}
    assert counts == expected.facet_counts
    assert facets["total"] == expected.total


@pytest.mark.parametrize("query", QUERIES)
def test_exports_list_the_catalogue_result_set_in_its_order(indexed, api, query):
    expected = catalogue(query).ids  # fewer than twenty: one page holds them all
    assert [int(row["id"]) for row in csv_rows(api.get(f"/api/v1/export/cases.csv?{query}"))] == expected
    assert [row["id"] for row in json_export(api.get(f"/api/v1/export/cases.json?{query}"))["cases"]] == expected


def test_api_ids_are_the_cards_of_the_catalogue_page(indexed, api, client):
    page = client.get("/cases/?technique=computer-vision&sort=title", HTTP_HOST="localhost")
    assert page.status_code == 200
    listing = page.context["listing"]
    data = api.get("/api/v1/cases/?technique=computer-vision&sort=title").json()
    assert [case["id"] for case in data["results"]] == listing.results.ids
    # and the page shows those cases, in that order
    html = page.content.decode()
    positions = [html.index(case["title"]) for case in data["results"]]
    assert positions == sorted(positions) and len(positions) == 3
