"""The store of rendered anonymous answers (showcase/page_store.py, issue 20.4): fast, never stale, never personal.

The suite's settings switch the store off (a rolled-back test would leave the catalogue stamp where
the next test brings it again, with other content); every test here switches it on, empty, with a
small bound. "Answered from the store" is shown by changing a title behind the stamp's back (a
queryset ``update`` sends no signal): the stored body still says the old title.
"""

from __future__ import annotations

import gzip

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from showcase import http_cache
from showcase.models import UseCasePage
from tests import factories

from .conftest import index_if_needed

pytestmark = pytest.mark.django_db

CATALOGUE = "/cases/"
BOUND = 20


@pytest.fixture(autouse=True)
def store(settings):
    settings.CACHES = {
        **settings.CACHES,
        "public_pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-public-pages",
            "OPTIONS": {"MAX_ENTRIES": BOUND, "CULL_FREQUENCY": 2},
        },
    }
    caches["public_pages"].clear()
    yield caches["public_pages"]
    caches["public_pages"].clear()


def entries(store) -> int:
    return len(store._cache)  # LocMemCache's own dict: how many answers are kept


def renamed_behind_the_stamps_back(case: UseCasePage, title: str) -> None:
    UseCasePage.objects.filter(pk=case.pk).update(title=title)


@pytest.mark.embedded
def test_the_second_anonymous_request_is_answered_from_the_store(client, store, django_assert_max_num_queries):
    case = factories.use_case(title="STORED original title")
    first = client.get(case.url)
    assert first.status_code == 200 and entries(store) == 1
    renamed_behind_the_stamps_back(case, "CHANGED without a stamp")
    with django_assert_max_num_queries(1):  # the stamp; no routing, no rendering
        again = client.get(case.url)
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == first["Cache-Control"]
    assert "STORED original title" in again.content.decode()


def test_publish_unpublish_and_restriction_are_seen_on_the_next_request(
    client, store, backend, request, django_capture_on_commit_callbacks
):
    withdrawn = factories.use_case(title="WITHDRAWN case", via_revision=True)
    hidden = factories.use_case(title="HIDDEN case", via_revision=True)
    guarded = factories.use_case(title="GUARDED case", via_revision=True)
    index_if_needed(backend, request)
    for url in (CATALOGUE, withdrawn.url, hidden.url, guarded.url):
        assert client.get(url).status_code == 200 and client.get(url).status_code == 200  # stored, then a hit
    assert entries(store) == 4
    with django_capture_on_commit_callbacks(execute=True):  # the index follows, as the worker would
        factories.use_case(title="BRAND-NEW case", via_revision=True)
        withdrawn.unpublish()
        hidden.visibility = "attendees"
        hidden.save_revision().publish()
        PageViewRestriction.objects.create(page=guarded, restriction_type="password", password="opensesame")
    catalogue = client.get(CATALOGUE).content.decode()
    assert "BRAND-NEW case" in catalogue
    assert not any(title in catalogue for title in ("WITHDRAWN case", "HIDDEN case"))
    assert client.get(withdrawn.url).status_code == 404
    assert client.get(hidden.url).status_code == 302  # to the log-in
    guarded_answer = client.get(guarded.url)
    assert guarded_answer.status_code == 200 and "GUARDED case" not in guarded_answer.content.decode()


@pytest.mark.embedded
def test_a_signed_in_attendees_page_is_never_stored_nor_served(client, store):
    factories.use_case(title="PUBLIC case")
    factories.use_case(title="ATTENDEES-ONLY case", visibility="attendees")
    client.force_login(factories.attendee())
    seen = client.get(CATALOGUE)
    assert "ATTENDEES-ONLY case" in seen.content.decode() and entries(store) == 0
    client.logout()
    anonymous = client.get(CATALOGUE)
    assert "ATTENDEES-ONLY case" not in anonymous.content.decode() and entries(store) == 1
    client.force_login(factories.attendee())  # a session cookie: rendered for this person, not the stored copy
    assert "ATTENDEES-ONLY case" in client.get(CATALOGUE).content.decode()


@pytest.mark.embedded
def test_an_anonymous_request_with_a_session_is_rendered_not_stored(client, store):
    case = factories.use_case(title="PUBLIC case")
    client.cookies["sessionid"] = "not-a-real-session"
    assert client.get(case.url).status_code == 200 and entries(store) == 0


def anonymous_request(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/cases/")
    request.user, request.session = AnonymousUser(), SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.embedded
@pytest.mark.parametrize("personal", ["csrf", "message", "cookie"])
def test_an_answer_with_a_csrf_token_message_or_cookie_is_never_stored(store, personal):
    from django.contrib.messages import add_message, constants

    request = anonymous_request(RequestFactory())

    def view() -> HttpResponse:
        response = HttpResponse("page " + "x" * 300)
        if personal == "csrf":
            response.content = get_token(request)
        elif personal == "message":
            add_message(request, constants.INFO, "Signed out")
        else:
            response.set_cookie("zone", "Europe/Paris")
        return response

    http_cache.answer(request, view)
    assert entries(store) == 0
    http_cache.answer(anonymous_request(RequestFactory()), lambda: HttpResponse("page"))
    assert entries(store) == 1  # the same answer without it is kept


@pytest.mark.embedded
def test_languages_hosts_and_encodings_each_get_their_own_answer(client, store):
    factories.use_case(title="PUBLIC case")
    answers = {
        "en": client.get(CATALOGUE),
        "fr": client.get("/fr" + CATALOGUE),
        "other host": client.get(CATALOGUE, HTTP_HOST="localhost"),
        "gzip": client.get(CATALOGUE, HTTP_ACCEPT_ENCODING="gzip"),
    }
    assert entries(store) == 4 and len({a["ETag"] for a in answers.values()}) == 3  # gzip: same ETag, other body
    again = {
        "en": client.get(CATALOGUE),
        "fr": client.get("/fr" + CATALOGUE),
        "other host": client.get(CATALOGUE, HTTP_HOST="localhost"),
        "gzip": client.get(CATALOGUE, HTTP_ACCEPT_ENCODING="gzip"),
    }
    for name, first in answers.items():
        assert again[name].content == first.content, name
    assert 'lang="fr"' in again["fr"].content.decode() and 'lang="en"' in again["en"].content.decode()
    assert again["gzip"]["Content-Encoding"] == "gzip" and "Content-Encoding" not in again["en"]
    assert gzip.decompress(again["gzip"].content).decode().count("PUBLIC case") >= 1


@pytest.mark.embedded
def test_head_requests_are_answered_from_a_stored_get_and_never_stored(client, store):
    case = factories.use_case(title="PUBLIC case")
    assert client.head(case.url).status_code == 200 and entries(store) == 0
    got = client.get(case.url)
    renamed_behind_the_stamps_back(case, "CHANGED without a stamp")
    head = client.head(case.url)
    assert head.status_code == 200 and head["ETag"] == got["ETag"] and head.content == b""
    assert "STORED" not in got.content.decode() and "CHANGED" not in client.get(case.url).content.decode()


@pytest.mark.embedded
def test_hostile_addresses_and_big_bodies_do_not_grow_the_store(client, store, settings):
    factories.use_case(title="PUBLIC case")
    assert client.get(CATALOGUE, {"q": "a" * 3000}).status_code == 200
    assert entries(store) == 0  # an address over PUBLIC_PAGE_STORE_MAX_PATH is rendered, not kept
    for n in range(BOUND * 3):
        client.get(f"{CATALOGUE}?q=%F0%9F%92%A3%00{n}&%ZZ={n}")
    assert entries(store) <= BOUND
    store.clear()
    settings.PUBLIC_PAGE_STORE_MAX_BYTES = 1000
    assert client.get(CATALOGUE).status_code == 200 and entries(store) == 0


@pytest.mark.embedded
def test_a_browser_revalidating_a_stored_page_still_gets_its_304(client, store):
    case = factories.use_case(title="PUBLIC case")
    first = client.get(case.url)
    assert entries(store) == 1
    again = client.get(case.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]


@pytest.mark.embedded
def test_holds_says_whether_an_address_is_stored_without_unpickling_it(client, store, monkeypatch):
    """What CatalogueSearchFirstMiddleware asks before sending a search: an answer stored for this address?"""
    from django.utils import translation

    from showcase import page_store

    case = factories.use_case(title="HOLDS case")
    request = RequestFactory().get(case.url)
    with translation.override("en"):
        assert page_store.holds(request) is False
        client.get(case.url)  # rendered and stored
        monkeypatch.setattr(store, "get", lambda *args, **kwargs: pytest.fail("the stored page was read"))
        assert page_store.holds(RequestFactory().get(case.url)) is True
        assert page_store.holds(RequestFactory().get(case.url, HTTP_COOKIE="sessionid=x")) is False
    with translation.override("fr"):
        assert page_store.holds(RequestFactory().get(case.url)) is False  # stored in English only
