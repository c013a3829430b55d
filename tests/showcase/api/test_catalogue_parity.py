"""The API and the exports find exactly what the catalogue page finds for the same query string.

Compared with ``showcase.search.run_search(request_from_params(...))`` (what ``/cases/``
runs) and with the ``/cases/`` page itself, on both search backends.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from showcase.search import request_from_params, run_search
from tests import factories

from .conftest import csv_rows, json_export

pytestmark = pytest.mark.django_db

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


def test_pages_and_exports_cover_a_result_set_larger_than_a_page(backend, api, request, monkeypatch):
    from showcase.api import export, matching

    for n in range(45):
        factories.use_case(title=f"Bulk camera case {n:02d}", categories=("video-analytics",))
    factories.use_case(title="Another kind", categories=("digital-forensics",))
    if backend == "elasticsearch":
        request.getfixturevalue("catalogue_index").build()
    # Small chunks, so the export reads several rounds (search_after / cursor chunks).
    monkeypatch.setattr(matching, "ID_CHUNK", 7)
    monkeypatch.setattr(export, "EXPORT_CHUNK", 5)
    for query in ("category=video-analytics&sort=title", "q=camera&sort=relevance", "category=video-analytics"):
        pages = []
        for number in (1, 2, 3):
            data = api.get(f"/api/v1/cases/?{query}&page={number}").json()
            assert data["num_pages"] == 3 and data["total"] == 45
            assert [c["id"] for c in data["results"]] == catalogue(f"{query}&page={number}").ids
            pages.extend(c["id"] for c in data["results"])
        assert len(set(pages)) == 45
        exported = [int(row["id"]) for row in csv_rows(api.get(f"/api/v1/export/cases.csv?{query}"))]
        if "relevance" in query:
            assert sorted(exported) == sorted(pages)  # ranking ties may break differently between slices
        else:
            assert exported == pages
        past_the_end = api.get(f"/api/v1/cases/?{query}&page=4").json()
        assert past_the_end["results"] == [] and past_the_end["page"] == 4
