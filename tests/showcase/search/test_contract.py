"""Both backends honour the same contract: same filters → same cases and facet counts; one word → same cases.

Parametrised over the database backend (also on SQLite: marked ``embedded``) and
Elasticsearch (a real node, a private index). The expected values are written out
from the known catalogue, so each backend is checked against the truth, not only
against the other one. Ranking may differ; sets and counts may not.
"""

from __future__ import annotations

import pytest

from showcase.search import catalogue_search
from showcase.search.facets import FACETS
from tests import factories

from .conftest import index_if_needed

pytestmark = pytest.mark.django_db


def ids(results) -> set[int]:
    return {hit.page_id for hit in results.hits}


@pytest.fixture
def indexed(known_cases, backend, request):
    index_if_needed(backend, request)
    return known_cases


def search(backend, **kwargs):
    results = catalogue_search(backend=backend if backend == "database" else None, **kwargs)
    assert results.backend == backend, results.notice
    return results


def test_no_filters_lists_every_visible_live_case_newest_first(indexed, backend):
    c = indexed
    results = search(backend)
    expected = [c["chatbot"], c["plates"], c["faces"], c["triage"], c["forensics"]]
    expected.sort(key=lambda p: p.first_published_at, reverse=True)
    assert [hit.page_id for hit in results.hits] == [p.pk for p in expected]
    assert results.total == 5


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"technique": ["computer-vision"]}, {"plates", "faces", "forensics"}),
        ({"technique": ["computer-vision", "generative-ai"]}, {"plates", "faces", "forensics", "chatbot"}),
        ({"technique": ["computer-vision"], "stage": ["pilot"]}, {"faces"}),
        ({"country": ["NL"]}, {"plates", "chatbot"}),
        ({"country": ["nl", "KE"]}, {"plates", "chatbot", "triage"}),
        ({"region": ["europe"], "organisation_type": ["national-police"]}, {"plates", "faces"}),
        ({"tag": ["cameras"]}, {"plates", "faces"}),
        ({"tag": ["cameras", "motorway"], "risk_tier": ["high-risk-annex-iii"]}, {"plates", "faces"}),
        ({"year": ["2024"]}, {"plates", "faces"}),
        ({"affected": ["victims"], "crime_area": ["general-policing", "crimes-against-children"]}, {"triage", "forensics"}),
        ({"category": ["no-such-category"]}, set()),
        ({"category": ["no-such-category", "digital-forensics"]}, {"forensics"}),
        ({"decision_role": ["informs"], "stage": ["retired"]}, set()),
    ],
)
def test_filters_select_the_same_cases(indexed, backend, filters, expected):
    results = search(backend, filters=filters)
    assert ids(results) == {indexed[name].pk for name in expected}
    assert results.total == len(expected)


def test_facet_counts_or_within_and_across_and_exclude_their_own_selection(indexed, backend):
    results = search(backend, filters={"technique": ["computer-vision", "generative-ai"], "stage": ["in-operation"]})
    assert ids(results) == {indexed["plates"].pk, indexed["forensics"].pk}
    counts = results.facet_counts
    # The technique facet ignores its own selection but applies the stage: in operation = plates, forensics.
    assert counts["technique"] == {"computer-vision": 2, "classical-machine-learning": 1}
    # The stage facet ignores the stage selection but applies the techniques (plates, faces, forensics, chatbot).
    assert counts["stage"] == {"in-operation": 2, "pilot": 1, "concept": 1}
    # Every other facet counts the two result cases.
    assert counts["country"] == {"NL": 1, "BR": 1}
    assert counts["region"] == {"europe": 1, "americas": 1}
    assert counts["tag"] == {"cameras": 1, "motorway": 1}
    assert counts["year"] == {"2024": 1, "2022": 1}
    assert counts["organisation_type"] == {"national-police": 2}
    selected = {v.value for v in results.facets["technique"].values if v.selected}
    assert selected == {"computer-vision", "generative-ai"}


def test_facet_counts_without_filters_cover_every_value_in_use(indexed, backend):
    counts = search(backend).facet_counts
    assert counts["technique"] == {
        "computer-vision": 3,
        "biometrics": 1,
        "speech-and-audio": 1,
        "natural-language-processing": 1,
        "classical-machine-learning": 1,
        "generative-ai": 1,
    }
    assert counts["country"] == {"NL": 2, "DE": 1, "FR": 1, "KE": 1, "BR": 1, "BE": 1}
    assert counts["affected"] == {"general-public": 3, "suspects": 1, "victims": 2}
    assert counts["year"] == {"2025": 1, "2024": 2, "2023": 1, "2022": 1}
    assert set(counts) == {spec.key for spec in FACETS}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("motorway", {"plates"}),
        ("chatbot", {"chatbot"}),
        ("investigators", {"faces"}),
        ("emergency", {"triage"}),
        ("watchlist", set()),  # only in the attendees-only case
        ("zyxwvut", set()),
    ],
)
def test_a_plain_word_finds_the_same_cases(indexed, backend, word, expected):
    results = search(backend, query=word)
    assert ids(results) == {indexed[name].pk for name in expected}


def test_words_and_filters_combine(indexed, backend):
    results = search(backend, query="cameras", filters={"stage": ["in-operation"]})
    assert ids(results) == {indexed["plates"].pk}
    assert results.facet_counts["stage"] == {"in-operation": 1}


def test_an_attendee_sees_the_restricted_case_in_hits_and_counts(indexed, backend):
    attendee = factories.attendee()
    results = search(backend, user=attendee, filters={"category": ["licence-plate-recognition"]})
    assert ids(results) == {indexed["plates"].pk, indexed["secret"].pk}
    assert results.facet_counts["tag"]["covert"] == 1
    anonymous = search(backend, filters={"category": ["licence-plate-recognition"]})
    assert ids(anonymous) == {indexed["plates"].pk}
    assert "covert" not in anonymous.facet_counts["tag"]
    assert anonymous.facet_counts["category"] == {
        "licence-plate-recognition": 1,
    } | {k: v for k, v in anonymous.facet_counts["category"].items() if k != "licence-plate-recognition"}
    logged_in = search(backend, user=factories.user(), query="watchlist")
    assert ids(logged_in) == set()


def test_sorting_by_title(indexed, backend):
    results = search(backend, sort="title")
    titles = [hit.title for hit in results.hits]
    assert titles == sorted(titles, key=str.casefold)


def test_pages_past_the_end_show_the_last_page(indexed, backend):
    results = search(backend, page=99999999)
    assert results.page == 1 and len(results.hits) == 5
    assert any("last page" in message or "first" in message for message in results.messages)
