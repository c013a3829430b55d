"""The judged relevance set of bench/relevance.py, in short: both backends over the demo catalogue, above the floor.

The demo catalogue is seeded once for the module, inside a transaction rolled
back at the end (the tests' own transactions nest in it as savepoints), and
indexed once into a private Elasticsearch namespace. Every judged query then
runs through the catalogue's search; the overall recall@10, MRR and nDCG@10
may not fall below ``bench/relevance_floor.json``, nor the false-positive rate
rise above it. The database backend is measured on the database in use
(PostgreSQL in `make test`'s first pass, SQLite in its embedded pass).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.test import override_settings

from bench.support.relevance_metrics import (
    QueryResult,
    below_floor,
    floor_from,
    load_floor,
    ndcg_at,
    overall_metrics,
    recall_at,
    reciprocal_rank,
    summarise,
)
from bench.support.relevance_queries import CATEGORIES, JUDGED, NOTHING
from bench.support.relevance_search import judged_slugs, public_cases_by_key, run_judged_set

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The demo catalogue (what `manage.py seed_demo` builds), for this module only; yields the index prefix."""
    from demo.catalogue import seed_demo_catalogue

    prefix = f"test-aishowcase-relevance-{uuid.uuid4().hex[:10]}"
    with django_db_blocker.unblock(), override_settings(CATALOGUE_INDEX_PREFIX=prefix):
        with transaction.atomic():
            seed_demo_catalogue()
            yield prefix
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_index(demo_catalogue, elasticsearch_url, django_db_blocker) -> Iterator[None]:
    """The demo catalogue in Elasticsearch: the real zero-downtime rebuild, under the module's own prefix."""
    from showcase.search.connection import alias_name, indexing_client
    from showcase.search.rebuild import rebuild

    client = indexing_client()
    with django_db_blocker.unblock():
        rebuild(grace_seconds=0, client=client)
    client.indices.refresh(index=alias_name())
    yield
    # Deleting by wildcard is refused (action.destructive_requires_name): name each index.
    for name in client.indices.get(index=f"{demo_catalogue}-*", expand_wildcards="all").body:
        client.options(ignore_status=404).indices.delete(index=name)


def report(results: list[QueryResult]) -> str:
    """Per category, for the failure message: what the next person needs to see first."""
    lines = []
    for category, score in summarise(results).items():
        lines.append(f"  {category}: " + ", ".join(f"{k} {v:.2f}" for k, v in score.metrics().items()))
    return "\n".join(lines)


def assert_above_floor(results: list[QueryResult], floor_key: str) -> None:
    floor = load_floor()[floor_key]
    measured = overall_metrics(results)
    problems = below_floor(measured, floor)
    assert not problems, f"{floor_key} relevance fell below the floor: {'; '.join(problems)}\n{report(results)}"


# --- The set itself and the measures ---------------------------------------------------------------------


@pytest.mark.embedded
def test_the_judged_set_asks_every_kind_of_question_and_names_real_public_cases():
    assert len(JUDGED) >= 80
    assert len({judged.text for judged in JUDGED}) == len(JUDGED), "a query is judged twice"
    per_category = {category: [j for j in JUDGED if j.category == category] for category in CATEGORIES}
    assert all(len(queries) >= 8 for queries in per_category.values()), {k: len(v) for k, v in per_category.items()}
    languages = {judged.language for judged in JUDGED}
    assert {"fr", "es", "ar"} <= languages

    by_key = public_cases_by_key()
    for judged in JUDGED:
        wanted, acceptable = judged_slugs(judged, by_key)  # raises on a key that names no public demo case
        assert bool(wanted) == (judged.category != NOTHING), judged.text
        assert not set(wanted) & set(acceptable), judged.text
    # Attendee-only cases are never expected: the set is judged as an anonymous visitor sees the catalogue.
    assert "licence-plate-recognition-alerts-for-stolen-vehicles" not in by_key["plate-recognition"].wanted
    # An English query on a subject may find the case written in French on it, without reward or penalty;
    # a French query names that case as wanted.
    vehicles = next(j for j in JUDGED if j.text == "recherche de véhicules dans les vidéos")
    english = "object-and-vehicle-search-across-seized-cctv-footage"
    assert judged_slugs(vehicles, by_key) == ([english, f"{english}-epcc", "analyse-video-gendarmerie-atlas"], [])
    cctv = next(j for j in JUDGED if j.text == "CCTV")
    assert judged_slugs(cctv, by_key)[1] == ["analyse-video-gendarmerie-atlas"]


@pytest.mark.embedded
def test_the_measures_on_a_ranking_worked_out_by_hand():
    ranked = ["x", "a", "y", "b", "z"]
    assert recall_at(ranked, ["a", "b", "c"]) == pytest.approx(2 / 3)
    assert recall_at(ranked, [f"r{i}" for i in range(12)] + ["a"]) == pytest.approx(1 / 10)  # out of at most K
    assert recall_at(["a", "b"], ["a", "b"], k=1) == 1.0
    assert reciprocal_rank(ranked, ["b", "a"]) == 0.5
    assert reciprocal_rank(ranked, ["c"]) == 0.0
    assert reciprocal_rank(["x"] * 10 + ["a"], ["a"]) == 0.0  # beyond the first ten
    # Found at ranks 2 and 4 out of 3 wanted: (1/log2(3) + 1/log2(5)) / (1 + 1/log2(3) + 1/log2(4)).
    assert ndcg_at(ranked, ["a", "b", "c"]) == pytest.approx((0.63093 + 0.43068) / (1 + 0.63093 + 0.5), abs=1e-4)
    assert ndcg_at(["a", "b"], ["a", "b"]) == 1.0
    assert ndcg_at(["b", "a"], ["a", "b"]) == 1.0  # the order among wanted cases does not matter

    # An acceptable case is taken out of the ranking: "a" then counts as first.
    assert QueryResult("q", CATEGORIES[0], ["a"], ["fr", "a"], 2, acceptable=["fr"]).reciprocal_rank == 1.0
    assert QueryResult("q", CATEGORIES[0], ["a", "b"], ["fr", "a"], 2, acceptable=["fr"]).recall == 0.5

    results = [
        QueryResult("q1", CATEGORIES[0], ["a"], ["a"], 1),
        QueryResult("q2", CATEGORIES[0], ["a", "b"], ["x", "a"], 2),
        QueryResult("n1", NOTHING, [], [], 0),
        QueryResult("n2", NOTHING, [], ["x"], 7),
    ]
    measured = overall_metrics(results)
    ndcg = (1 + 0.63093 / 1.63093) / 2
    expected = {"recall@10": 0.75, "mrr": 0.75, "ndcg@10": ndcg, "false_positive_rate": 0.5}
    assert measured == pytest.approx(expected, abs=1e-4)
    floor = floor_from(measured)
    assert floor == {"recall@10": 0.73, "mrr": 0.73, "ndcg@10": 0.67, "false_positive_rate": 0.52}
    assert below_floor(measured, floor) == []
    worse = {**measured, "mrr": 0.5, "false_positive_rate": 0.6}
    assert below_floor(worse, floor) == ["mrr 0.500 < floor 0.730", "false_positive_rate 0.600 > ceiling 0.520"]


# --- Both backends over the demo catalogue -----------------------------------------------------------------


@pytest.mark.embedded
def test_database_search_stays_above_its_relevance_floor(demo_catalogue):
    results = run_judged_set("database")
    assert len(results) == len(JUDGED)
    assert_above_floor(results, f"database-{connection.vendor}")


@pytest.mark.elasticsearch
def test_elasticsearch_stays_above_its_relevance_floor(demo_index):
    results = run_judged_set("elasticsearch")  # raises if a query fell back to the database
    assert len(results) == len(JUDGED)
    assert_above_floor(results, "elasticsearch")
