"""The catalogue's counts read before its hits (``elastic.Sent``), on a real Elasticsearch node.

The counts and the hits go out as two requests at once; the counts (from the shard request cache) usually
answer long before the hits, and the page makes what needs only them — the facets, their HTML, the chips,
the applied filters — while the hits are computed. What is made early is used only for the very answer it
was made from: a typo-tolerant retry or the database's fallback brings other counts, and the page uses those.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from elastic_transport import ConnectionError as NoConnection

from showcase.listing import catalogue_listing
from showcase.search import build_request, early_send, elastic, start_search
from showcase.search.connection import search_client
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


@pytest.fixture
def cases(catalogue_index, settings) -> None:
    settings.CATALOGUE_RESULTS_CACHE = False
    early_send.forget_connections()
    factories.use_case(title="Roadside cameras for stolen cars", summary="Licence plates read on the motorway.")
    factories.use_case(title="Emergency call triage", summary="Speech transcription for call takers.")
    catalogue_index.build()


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The order in which the page read its answers: "counts" or "hits" (by the path each was sent to)."""
    order: list[str] = []
    original = early_send.Pending.answer

    def answer(pending):  # noqa: ANN001, ANN202
        order.append("counts" if "request_cache=true" in pending._path else "hits")
        return original(pending)

    monkeypatch.setattr(early_send.Pending, "answer", answer)
    return order


def test_the_facets_are_made_from_the_counts_before_the_hits_are_read(cases, reads):
    prepared = []

    def prepare(facets, total):  # noqa: ANN001, ANN202
        prepared.append((facets, list(reads), total))

    answer = start_search(build_request("cameras"), AnonymousUser(), prepare=prepare)
    results = answer()
    assert [hit.title for hit in results.hits] == ["Roadside cameras for stolen cars"]
    assert len(prepared) == 1
    facets, read_before, total = prepared[0]
    assert read_before == ["counts"]  # the hits were not read yet
    assert reads == ["counts", "hits"]
    assert results.facets is facets  # the page's facets are the ones made early
    assert total == results.total == 1


def test_a_search_that_finds_nothing_as_typed_is_retried_and_nothing_is_made_early(cases, reads):
    prepared = []
    results = start_search(build_request("zqxjvw"), AnonymousUser(), prepare=lambda *made: prepared.append(made))()
    assert prepared == [] and reads == ["counts"]  # the first hits dropped unread, the retry sent through the client
    assert results.total == 0


def test_the_page_uses_what_it_made_early_and_shows_the_same_as_without(cases, client):
    with_early = client.get("/cases/", {"q": "cameras", "stage": "pilot"}).content.decode()
    listing = catalogue_listing(QueryDict("q=cameras&stage=pilot"), AnonymousUser())
    listing.results  # noqa: B018
    assert listing._facet_parts is listing._prepared  # made early and used
    made_early = (listing.facets_html, listing.applied_filters_html, [chip.text for chip in listing.chips])
    listing._prepared = None  # as if nothing had been made early: everything from the results
    del listing._facet_parts
    assert (listing.facets_html, listing.applied_filters_html, [chip.text for chip in listing.chips]) == made_early
    assert listing.chips and str(listing.facets_html) in with_early and str(listing.applied_filters_html) in with_early


def test_hits_lost_after_the_counts_fall_back_to_the_database_with_its_own_facets(cases, monkeypatch, client):
    original = early_send.Pending.answer

    def answer(pending):  # noqa: ANN001, ANN202
        if "request_cache=true" not in pending._path:
            raise NoConnection("the node went away between the two answers")
        return original(pending)

    monkeypatch.setattr(early_send.Pending, "answer", answer)
    listing = catalogue_listing(QueryDict("q=cameras"), AnonymousUser())
    assert listing.results.backend == "database"
    assert listing._prepared is not None and listing._facet_parts is not listing._prepared  # made, not used
    assert "Roadside cameras for stolen cars" in str(listing.hits_html)
    page = client.get("/cases/", {"q": "cameras"}).content.decode()
    assert "full search service is unavailable" in page and "Roadside cameras for stolen cars" in page


def test_two_searches_in_flight_on_one_thread_each_get_their_answer_and_keep_their_connection(cases):
    first = elastic.Sent(search_client(), build_request("cameras"), None)
    assert first.counts.answer()["aggregations"] and first.hits.answer()["hits"]["hits"]
    again = elastic.Sent(search_client(), build_request("triage"), None)
    assert again.counts._reused and again.hits._reused  # both connections were kept for the next page
    again.abandon()
