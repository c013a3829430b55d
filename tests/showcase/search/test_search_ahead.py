"""An anonymous reader's catalogue search sent before routing (showcase.search.ahead), on a real Elasticsearch node.

It is built under the catalogue stamp the process saw last and kept only if the stamp read next is the
same: a change in between (a thesaurus entry, a publish, a restriction) must be obeyed by that very
request, never answered from what the change replaced. Each test also checks that the search was
indeed sent ahead (or not), so that it tests the path it names.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from wagtail.models import PageViewRestriction

from showcase import catalogue_route
from showcase.models import CataloguePage, ThesaurusEntry
from showcase.search import ahead, elastic
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


class Spy:
    """What ``send_ahead`` sent and what became of it: taken by the view, or abandoned."""

    def __init__(self) -> None:
        self.sent: list[ahead.SentAhead | None] = []
        self.abandoned = 0

    def reset(self) -> None:
        self.sent.clear()
        self.abandoned = 0


@pytest.fixture
def spy(monkeypatch) -> Iterator[Spy]:
    spy = Spy()
    original_send, original_abandon = ahead.send_ahead, elastic.Sent.abandon

    def send(request, stamp):  # noqa: ANN001, ANN202
        sent = original_send(request, stamp)
        spy.sent.append(sent)
        return sent

    def abandon(sent):  # noqa: ANN001, ANN202
        spy.abandoned += 1
        return original_abandon(sent)

    monkeypatch.setattr(catalogue_route, "send_ahead", send)
    monkeypatch.setattr(elastic.Sent, "abandon", abandon)
    yield spy


@pytest.fixture
def catalogue(catalogue_index, settings) -> CataloguePage:
    settings.CATALOGUE_RESULTS_CACHE = False  # every request searches: the path under test
    factories.use_case(title="Roadside cameras for stolen cars", summary="Licence plates read on the motorway.")
    factories.use_case(title="Emergency call triage", summary="Speech transcription for call takers.")
    catalogue_index.build()
    return CataloguePage.objects.get()


def learn(client, url: str) -> str:
    """Two requests: the first learns that the address is the catalogue's, the second reads its first stamp."""
    client.get(url)
    return client.get(url).content.decode()


def titles(client, url: str) -> list[str]:
    html = client.get(url).content.decode().replace("<mark>", "").replace("</mark>", "")  # highlighted words
    return [title for title in ("Roadside cameras for stolen cars", "Emergency call triage") if title in html]


def test_the_known_catalogue_address_sends_its_search_ahead_and_the_page_is_the_same(client, catalogue, spy):
    url = "/cases/?q=motorway"
    first = learn(client, url)
    assert spy.sent == []  # the address was not known, then no stamp had been seen: nothing sent ahead
    second = client.get(url).content.decode()
    assert spy.sent and spy.sent[-1] is not None and spy.abandoned == 0
    assert first == second
    assert titles(client, url) == ["Roadside cameras for stolen cars"]


def test_a_thesaurus_entry_saved_between_two_requests_is_obeyed_by_the_second(client, catalogue, spy):
    url = "/cases/?q=kerbside"
    learn(client, url)
    assert titles(client, url) == []
    ThesaurusEntry.objects.create(terms="kerbside, roadside")  # moves the stamp
    spy.reset()
    assert titles(client, url) == ["Roadside cameras for stolen cars"]
    assert spy.sent[-1] is not None and spy.abandoned == 1  # sent ahead under the old stamp, dropped unread


def test_a_case_published_between_two_requests_is_on_the_second(
    client, catalogue, catalogue_index, spy, django_capture_on_commit_callbacks
):
    url = "/cases/?q=harbour"
    learn(client, url)
    with django_capture_on_commit_callbacks(execute=True):  # the index follows the publish once it is committed
        factories.use_case(title="Drone over the harbour", summary="A drone films the harbour.")
    catalogue_index.refresh()
    spy.reset()
    assert "Drone over the <mark>harbour</mark>" in client.get(url).content.decode()
    # This process's own signals emptied the typo vocabulary: nothing sent ahead (another process's would be dropped).
    assert spy.sent[-1] is None or spy.abandoned == 1


def test_a_restriction_added_between_two_requests_sends_the_visitor_to_log_in(client, catalogue, spy):
    learn(client, "/cases/")
    PageViewRestriction.objects.create(page=catalogue, restriction_type=PageViewRestriction.LOGIN)
    spy.reset()
    response = client.get("/cases/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert spy.sent[-1] is not None and spy.abandoned == 1  # the stamp moved: dropped before routing


def test_nothing_is_sent_ahead_for_a_signed_in_reader_a_case_number_or_a_kept_answer(client, catalogue, spy, settings):
    learn(client, "/cases/")
    spy.reset()
    client.force_login(factories.attendee())
    assert titles(client, "/cases/") == ["Roadside cameras for stolen cars", "Emergency call triage"]
    client.logout()
    client.cookies.clear()
    client.get("/cases/?q=AILE-2026-0001")
    assert spy.sent == [None, None]
    settings.CATALOGUE_RESULTS_CACHE = True
    client.get("/cases/?q=call")
    client.get("/cases/?q=call")  # answered and kept
    spy.reset()
    assert titles(client, "/cases/?q=call") == ["Emergency call triage"]
    assert spy.sent == [None]


def test_what_would_need_the_database_before_the_stamp_stops_the_search_ahead(client, catalogue, spy):
    from showcase.search.expansion import THESAURUS

    learn(client, "/cases/?q=plates")
    THESAURUS.clear()  # rebuilding it reads the database: not before the stamp
    spy.reset()
    assert titles(client, "/cases/?q=plates") == ["Roadside cameras for stolen cars"]
    assert spy.sent == [None]


def test_a_search_sent_ahead_that_the_view_does_not_take_is_closed(client, catalogue, spy, monkeypatch):
    learn(client, "/cases/?q=motorway")
    # The view reads another question than the one sent (as a changed query string would be): dropped, not reused.
    monkeypatch.setattr(ahead, "request_from_params", lambda params: ahead.SearchRequest(query="something else"))
    spy.reset()
    assert titles(client, "/cases/?q=motorway") == ["Roadside cameras for stolen cars"]
    assert spy.sent[-1] is not None and spy.abandoned == 1


def test_an_error_while_speculating_never_fails_the_page(client, catalogue, spy, monkeypatch):
    learn(client, "/cases/?q=motorway")

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise ValueError("unexpected")

    monkeypatch.setattr(ahead, "request_from_params", broken)  # the speculation's only: the view imports its own
    spy.reset()
    assert titles(client, "/cases/?q=motorway") == ["Roadside cameras for stolen cars"]
    assert spy.sent == [None]


# --- Sent first, before the other middlewares (CatalogueSearchFirstMiddleware) -----------------------------------


def test_the_search_leaves_before_sessions_and_languages_are_looked_at(client, catalogue, spy, monkeypatch):
    from django.middleware.locale import LocaleMiddleware

    learn(client, "/cases/?q=motorway")
    order: list[str] = []
    original = LocaleMiddleware.process_request
    monkeypatch.setattr(LocaleMiddleware, "process_request", _recording(original, lambda: order.append("language")))
    sent = _recording(elastic.Sent.__init__, lambda: order.append("search sent"))
    monkeypatch.setattr(elastic.Sent, "__init__", sent)
    spy.reset()
    assert titles(client, "/cases/?q=motorway") == ["Roadside cameras for stolen cars"]
    assert order == ["search sent", "language"] and spy.abandoned == 0


def _recording(function, note):  # noqa: ANN001, ANN202
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        note()
        return function(*args, **kwargs)

    return wrapper


def test_an_address_in_french_is_searched_in_french_and_the_page_is_french(client, catalogue, spy):
    learn(client, "/fr/cases/?q=motorway")
    spy.reset()
    html = client.get("/fr/cases/?q=motorway").content.decode()
    assert spy.sent and spy.sent[-1].language == "fr" and spy.abandoned == 0
    assert '<html lang="fr"' in html and "Roadside cameras" in html.replace("<mark>", "").replace("</mark>", "")


def test_a_search_sent_in_another_language_than_the_page_is_closed_and_searched_again(client, catalogue, spy):
    learn(client, "/cases/?q=motorway")
    catalogue_route._catalogue_addresses[("testserver", "/cases/")] = "fr"  # as if learned in French
    spy.reset()
    assert titles(client, "/cases/?q=motorway") == ["Roadside cameras for stolen cars"]
    assert spy.sent[-1].language == "fr" and spy.abandoned == 1


def test_nothing_is_sent_first_for_an_address_the_page_store_answers(client, catalogue, spy, monkeypatch):
    from showcase import page_store

    learn(client, "/cases/?q=motorway")
    monkeypatch.setattr(page_store, "holds", lambda request: True)
    spy.reset()
    assert titles(client, "/cases/?q=motorway") == ["Roadside cameras for stolen cars"]
    assert spy.sent == []  # not sent first, and not sent again by the routing middleware either


def test_a_host_not_allowed_is_refused_as_before(client, catalogue, spy):
    learn(client, "/cases/?q=motorway")
    spy.reset()
    assert client.get("/cases/?q=motorway", HTTP_HOST="evil.example").status_code == 400
    assert spy.sent == []
