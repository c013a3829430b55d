"""The database search's fast paths and the short form of bench/dbsearch.py (correctness only, no timings).

* On SQLite and PostgreSQL the text search reads Wagtail's index tables directly
  (``sqlite_fts``, ``postgres_fts``) with queries an index serves: it must find
  exactly the cases Wagtail's own query finds, for one word, several words and alternatives
  (drafts too, which the caller's visible cases then leave out).
* Matched ids travel as one parameter (``id_sets``), on SQLite and PostgreSQL alike.
* The benchmark's measurement and table work on a tiny catalogue: every query answered,
  one sample per round, the page's totals, a verdict per database.
"""

from __future__ import annotations

import pytest
from django.db import connection

from bench.dbsearch import QUERIES, measure, percentile, render
from showcase.models import UseCasePage
from showcase.search import database_text, postgres_fts, sqlite_fts
from showcase.search.expansion import Concept
from showcase.search.id_sets import ids_condition
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def cases(settings) -> dict[str, UseCasePage]:
    settings.ELASTICSEARCH_URL = ""
    return {
        "faces": factories.use_case(title="Facial recognition at airports", summary="Face matching of travellers."),
        "drones": factories.use_case(title="Drone patrols", summary="Drones film illegal logging."),
        "money": factories.use_case(title="Money mule networks", summary="Graph analysis of suspicious reports."),
        "draft": factories.use_case(title="Facial recognition draft", publish=False),
    }


@pytest.mark.parametrize(
    "alternatives",
    [
        ("drone",), ("drones",), ("facial recognition",), ("face matching", "drone"), ("nothing",),
        ("recognition", "face matching"), ("recognition of the",), ("the",), ("travellers airports",),
    ],
)
def test_the_indexed_path_finds_what_wagtails_query_finds(cases, alternatives):
    assert sqlite_fts.available() or postgres_fts.available()  # one of them on each database the suite uses
    concept = Concept(alternatives[0], alternatives)
    wagtail = set(database_text.concept_cases(concept).values_list("pk", flat=True))  # live cases only
    live = set(UseCasePage.objects.live().values_list("pk", flat=True))
    assert database_text.direct_matches(concept) & live == wagtail


def test_the_fts5_match_expression_quotes_every_word():
    assert sqlite_fts.match_expression(["face matching", 'a"b', " "]) == (
        '{title body} : (("face" AND "matching") OR ("a""b"))'
    )
    assert sqlite_fts.match_expression([" "]) == ""


def test_an_id_set_of_any_size_is_one_condition(cases):
    wanted = [cases["faces"].pk, cases["money"].pk]
    assert set(UseCasePage.objects.filter(ids_condition(wanted)).values_list("pk", flat=True)) == set(wanted)
    assert not UseCasePage.objects.filter(ids_condition([])).exists()
    many = [*range(10_000_000, 10_020_000), cases["drones"].pk]
    assert list(UseCasePage.objects.filter(ids_condition(many)).values_list("pk", flat=True)) == [cases["drones"].pk]


def test_the_benchmark_measures_every_query_of_its_mix(cases, client):
    rows = measure(client, QUERIES, repeat=1)
    assert [row["name"] for row in rows] == [query.name for query in QUERIES]
    assert all(len(row["samples"]) == len(row["cpu"]) == 1 and row["samples"][0] > 0 for row in rows)
    totals = {row["name"]: row["total"] for row in rows}
    assert totals["text: facial recognition"] == 1  # the live case, never the draft
    assert totals["text: drone"] == 1
    assert totals["no query (the catalogue)"] == 3


def test_the_benchmark_table_gives_a_verdict_per_database(cases, client):
    class Args:
        size, repeat = 3, 1

    rows = measure(client, QUERIES, repeat=1)
    run = {"cases": 3, "timings": {}, "rows": rows, "versions": {connection.vendor: "x"}}
    table = render({"SQLite": run, "PostgreSQL": run}, Args(), "load 1", "load 2")
    for query in QUERIES:
        assert f"| {query.name} | " in table
    assert table.count("catalogue page p95 ≤ 250 ms") == 2
    assert "Load before: `load 1`" in table
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile([float(n) for n in range(1, 101)], 95) == 95.0
