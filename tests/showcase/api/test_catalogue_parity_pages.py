"""The API and the exports page through a result set larger than a page exactly as the catalogue search does."""

from __future__ import annotations

import pytest

from tests import factories

from .conftest import csv_rows
from .test_catalogue_parity import catalogue

pytestmark = pytest.mark.django_db


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
