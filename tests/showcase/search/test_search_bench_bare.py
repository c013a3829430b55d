"""bench/search.py's bare request (b) sends what the catalogue page sends, no less (issue 20.1 compares the two).

A question that finds nothing as typed is sent again, typo-tolerant, and a page asked for past the last is sent
again as the last: the page pays for those round trips, so the bare request it is judged against pays for them too.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from elastic_transport import Transport

from bench.search import Query, bare_runner
from showcase.search import early_send
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

QUESTIONS = [
    pytest.param(Query("found as typed", "text", q="recognition"), 1, id="found"),
    pytest.param(Query("nothing as typed, nor spelled alike", "text", q="zqxjvw"), 2, id="nothing"),
    pytest.param(Query("past the last page", "deep", page=3), 2, id="past-the-last-page"),
    pytest.param(Query("a filter", "facets", filters={"stage": ["pilot"]}), 1, id="filter"),
]


@pytest.fixture
def round_trips(monkeypatch) -> list[str]:
    """The multi-searches sent from now on, by the official client or by the page's own early send."""
    sent: list[str] = []
    through_client, early = Transport.perform_request, early_send.send

    def perform(self, method, target, *args, **kwargs):  # type: ignore[no-untyped-def]
        if target.split("?")[0].endswith("/_msearch"):
            sent.append("client")
        return through_client(self, method, target, *args, **kwargs)

    def send(url, timeout, path, *args):  # type: ignore[no-untyped-def]
        sent.append("early")
        return early(url, timeout, path, *args)

    monkeypatch.setattr(Transport, "perform_request", perform)
    monkeypatch.setattr(early_send, "send", send)
    return sent


@pytest.fixture
def two_cases(catalogue_index) -> None:
    factories.use_case(title="Facial recognition at the border", summary="Matches faces against a watch list.")
    factories.use_case(title="Licence plates", summary="Reads number plates on a motorway.")
    catalogue_index.build()


@pytest.mark.parametrize("query, expected", QUESTIONS)
def test_the_bare_request_sends_the_round_trips_the_page_sends(client, two_cases, round_trips, query, expected):
    response = client.get("/cases/?" + urlencode(query.params(), doseq=True))
    assert response.status_code == 200 and b"full search service is unavailable" not in response.content
    # The page sends its first search as two requests at once (the counts and the hits: one round trip), the bare
    # request as one multi-search of the same two searches; a second round trip goes through the client on both.
    early = round_trips.count("early")
    assert early in (0, 2)
    page_round_trips = early // 2 + round_trips.count("client")
    round_trips.clear()
    bare_runner(query)()
    assert round_trips == ["client"] * expected
    assert page_round_trips == expected


def test_the_bare_request_reads_nothing_from_the_database_once_warm(two_cases, django_assert_num_queries):
    """The page builds its request from what the process holds for the stamp it read (no round trip before sending);
    a bare request that checked the thesaurus and read the stamp in the database would be slower than the page's."""
    run = bare_runner(Query("words and a filter", "text", q="recognition", filters={"stage": ["pilot"]}))
    run()  # the warm-up every measurement has: the process learns the thesaurus for this stamp
    with django_assert_num_queries(0):
        run()
