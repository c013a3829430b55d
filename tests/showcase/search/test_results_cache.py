"""The catalogue's results cache (``showcase.search.results_cache``) is on and never serves a stale or foreign answer.

``test_catalogue_freshness.py`` runs with the cache on too (the default); these add what only a
cache could get wrong: a view restriction added, a facet count an attendee sees, a name renamed
in another process, the fallback's answer, and keys that hostile query strings cannot blow up.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from showcase.models.catalogue_stamp import bump_stamp
from showcase.search import catalogue_search
from showcase.search.request import build_request
from showcase.search.results import Hit, Results
from showcase.search.results_cache import ALIAS, LiveStore, results_key, store
from showcase.taxonomies import DeploymentStage
from tests import factories

from .conftest import index_if_needed, known_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def refresh(backend: str, request: pytest.FixtureRequest) -> None:
    if backend == "elasticsearch":
        request.getfixturevalue("catalogue_index").refresh()


def test_the_cache_is_on_by_default_and_bounded():
    assert django_settings.CATALOGUE_RESULTS_CACHE is True
    assert 0 < caches[ALIAS]._max_entries <= 10_000


def test_a_restriction_added_is_obeyed_on_the_next_request(client, backend, request, committed):
    cases = known_catalogue()
    index_if_needed(backend, request)
    link = f'href="{cases["plates"].url}'
    for _ in range(2):  # the second answer comes from the cache
        page = client.get("/cases/?q=cameras").content.decode()
        assert link in page
    assert 'name="tag" value="motorway"> Motorway <span class="facet__count">(2)' in client.get("/cases/").content.decode()
    with committed():
        PageViewRestriction.objects.create(page=cases["plates"], restriction_type=PageViewRestriction.LOGIN)
    refresh(backend, request)
    assert link not in client.get("/cases/?q=cameras").content.decode()
    listing = client.get("/cases/").content.decode()
    assert link not in listing
    assert 'name="tag" value="motorway"> Motorway <span class="facet__count">(1)' in listing


def test_facet_counts_of_an_attendee_are_not_shown_to_anonymous_visitors(client, backend, request):
    known_catalogue()
    index_if_needed(backend, request)
    client.force_login(factories.attendee(email="attendee-counts@example.org"))
    assert '<span class="facet__count">(3)</span>' in client.get("/cases/?tag=cameras").content.decode()
    client.logout()
    page = client.get("/cases/?tag=cameras").content.decode()
    assert '<span class="facet__count">(2)</span>' in page and '<span class="facet__count">(3)</span>' not in page


@pytest.mark.embedded
def test_a_name_renamed_by_another_process_shows_on_the_next_request(client, settings):
    settings.ELASTICSEARCH_URL = ""
    known_catalogue()
    assert "Trial run" not in client.get("/cases/").content.decode()
    # Another worker saved it: no signal here, only the stamp it bumped in the same transaction.
    DeploymentStage.objects.filter(slug="pilot").update(name="Trial run")
    bump_stamp()
    assert "Trial run" in client.get("/cases/").content.decode()


@pytest.mark.embedded
def test_a_repeated_search_is_answered_from_the_cache_and_the_setting_switches_it_off(client, settings):
    settings.ELASTICSEARCH_URL = ""
    known_catalogue()

    def statements() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/cases/?stage=pilot&sort=title").content.decode()
        return len(queries), html

    for _ in range(2):  # another search first: the site, route and restriction memos of this stamp are filled
        client.get("/cases/?stage=pilot")
    first, first_html = statements()
    second, second_html = statements()
    assert second < first and second_html == first_html
    settings.CATALOGUE_RESULTS_CACHE = False
    third, third_html = statements()
    fourth, _ = statements()
    assert third == fourth > second and third_html == first_html


@pytest.mark.embedded
def test_the_fallbacks_answer_is_not_kept(settings, closed_port, known_cases):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    results = catalogue_search("motorway")
    assert results.notice
    assert store().get(results_key(build_request("motorway"), None, None)) is None


@pytest.mark.embedded
def test_hostile_parameters_make_keys_of_one_size(client, settings):
    settings.ELASTICSEARCH_URL = ""
    long_search = build_request("x" * 50_000, {"tag": [f"t{i}" for i in range(5_000)], "stage": ["\x00" * 999]}, "?", "9" * 40)
    assert len(results_key(long_search, None, None)) == len(results_key(build_request(""), None, None)) <= 80
    response = client.get("/cases/", {"q": "y" * 5_000, "tag": [f"<b>{i}" for i in range(300)], "page": "-1"})
    assert response.status_code == 200
    # Equivalent query strings share one entry: what is stored is keyed by the validated request.
    assert results_key(build_request("  drone  ", {"tag": ["a", "a"]}), None, None) == results_key(
        build_request("drone", {"tag": ["a"]}), None, None
    )


def _answer(*titles: str) -> Results:
    hits = [Hit(page_id=n, url=f"/cases/{n}/", title=title, summary="") for n, title in enumerate(titles, 1)]
    return Results(hits=hits, facets={}, total=len(hits), took_ms=1.0, backend="database")


def test_each_request_gets_its_own_copy_of_a_kept_answer_and_of_its_cards():
    live = LiveStore(max_entries=10, timeout=60)
    live.set("k", _answer("First", "Second"))
    mine = live.get("k")
    mine.hits[0].image_html = "<img mine>"  # what card_images.attach_images does per request
    mine.hits = [mine.hits[1]]  # what a promotion does
    mine.total = 99
    theirs = live.get("k")
    assert [hit.title for hit in theirs.hits] == ["First", "Second"] and theirs.total == 2
    assert theirs.hits[0].image_html == ""


def test_the_kept_answers_are_bounded_oldest_out_and_expire():
    live = LiveStore(max_entries=2, timeout=60)
    for key in ("a", "b"):
        live.set(key, _answer(key))
    live.get("a")  # asked for: moves to the back
    live.set("c", _answer("c"))
    assert live.get("b") is None and live.get("a") is not None and live.get("c") is not None
    expired = LiveStore(max_entries=2, timeout=-1)
    expired.set("a", _answer("a"))
    assert expired.get("a") is None


def test_the_store_follows_the_aliases_size(settings):
    settings.CACHES = {**settings.CACHES, ALIAS: {**settings.CACHES[ALIAS], "OPTIONS": {"MAX_ENTRIES": 7}}}
    assert store().shape[0] == 7
