"""HTTP caching for anonymous readers (issue 20, point 5): validators, 304s, never stale, never shared wrongly.

What a browser or CDN would do is replayed with the test client: it stores the ETag of an
answer and asks again with ``If-None-Match``. A 304 means "show your stored copy", so every
test about restricted or withdrawn cases checks that no 304 comes back once they are gone.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import add_message, constants
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from showcase import http_cache
from tests import factories

from .conftest import index_if_needed

pytestmark = pytest.mark.django_db

CATALOGUE, STATISTICS, FEED = "/cases/", "/statistics/", "/feeds/cases.atom"


def conditional(client, url: str, etag: str, **headers):
    return client.get(url, HTTP_IF_NONE_MATCH=etag, **headers)


def assert_public(response) -> None:
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "private" not in cache_control and "no-store" not in cache_control
    assert response["ETag"].startswith('W/"')


def assert_private(response) -> None:
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control and "no-cache" in cache_control and "public" not in cache_control
    assert "ETag" not in response and "Last-Modified" not in response
    assert "Cookie" in response["Vary"]


@pytest.mark.embedded
def test_anonymous_readers_get_validators_and_a_304_on_the_next_request(client):
    case = factories.use_case(title="PUBLIC cached case")
    for url in (CATALOGUE, case.url, STATISTICS, FEED):
        first = client.get(url)
        assert_public(first)
        vary = first["Vary"]
        assert "Accept-Language" in vary and ("Cookie" in vary or url == FEED), url
        again = conditional(client, url, first["ETag"])
        assert again.status_code == 304 and again.content == b"", url
        assert again["ETag"] == first["ETag"] and "public" in again["Cache-Control"]
        if url != STATISTICS:  # its ETag also covers the pipeline counts: no Last-Modified
            dated = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
            assert dated.status_code == 304, url
    assert "no-cache" in first["Cache-Control"]  # PUBLIC_CACHE_SECONDS = 0: revalidate every time


@pytest.mark.embedded
def test_public_pages_are_gzipped_for_clients_that_accept_it_and_private_ones_are_not(client):
    import gzip

    factories.use_case(title="PUBLIC compressed case")
    response = client.get(CATALOGUE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert "PUBLIC compressed case" in gzip.decompress(response.content).decode()
    assert "Content-Encoding" not in client.get(CATALOGUE)  # no Accept-Encoding: plain
    client.force_login(factories.attendee())
    private = client.get(CATALOGUE, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in private and "PUBLIC compressed case" in private.content.decode()


@pytest.mark.embedded
def test_max_age_follows_the_setting(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 30
    response = client.get(CATALOGUE)
    assert "max-age=30" in response["Cache-Control"] and "no-cache" not in response["Cache-Control"]


@pytest.mark.embedded
def test_signed_in_pages_are_private_and_never_answered_with_an_anonymous_304(client):
    factories.use_case(title="PUBLIC case")
    secret = factories.use_case(title="ATTENDEES-ONLY case", visibility="attendees")
    anonymous = {url: client.get(url)["ETag"] for url in (CATALOGUE, STATISTICS)}
    client.force_login(factories.attendee())
    for url in (CATALOGUE, STATISTICS, secret.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(response)
    for url, etag in anonymous.items():
        response = conditional(client, url, etag)
        assert response.status_code == 200 and "ATTENDEES-ONLY case" in response.content.decode() or url == STATISTICS
        assert_private(response)
    feed = client.get(FEED)  # the same for everybody, built as for an anonymous reader
    assert_public(feed) and "ATTENDEES-ONLY" not in feed.content.decode()


@pytest.mark.embedded
def test_a_restricted_case_is_never_cached_for_an_anonymous_visitor(client):
    secret = factories.use_case(title="ATTENDEES-ONLY case", visibility="attendees")
    response = client.get(secret.url)
    assert response.status_code == 302 and "ETag" not in response
    assert "ATTENDEES-ONLY" not in client.get(CATALOGUE).content.decode()


@pytest.mark.embedded
def test_a_page_behind_a_password_passed_in_this_session_stays_private(client):
    case = factories.use_case(title="PASSWORD case")
    public_etag = client.get(case.url)["ETag"]
    restriction = PageViewRestriction.objects.create(page=case, restriction_type="password", password="opensesame")
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{case.pk}/",
        {"password": "opensesame", "return_url": case.url},
    )
    response = conditional(client, case.url, public_etag)
    assert response.status_code == 200 and "PASSWORD case" in response.content.decode()
    assert_private(response)


def cached(client, *urls: str) -> dict[str, str]:
    answers = {url: client.get(url) for url in urls}
    assert all(a.status_code == 200 for a in answers.values())
    return {url: a["ETag"] for url, a in answers.items()}


def test_a_publish_is_visible_on_the_next_request(client, backend, request, django_capture_on_commit_callbacks):
    factories.use_case(title="PUBLIC older case")
    index_if_needed(backend, request)
    etags = cached(client, CATALOGUE, FEED, STATISTICS)
    with django_capture_on_commit_callbacks(execute=True):  # the index follows, as the worker would
        factories.use_case(title="PUBLIC brand-new case", via_revision=True)
    for url, etag in etags.items():
        response = conditional(client, url, etag)
        assert response.status_code == 200, url
        assert response["ETag"] != etag
        if url != STATISTICS:
            assert "PUBLIC brand-new case" in response.content.decode(), url


def test_an_unpublished_or_restricted_case_is_gone_at_once(client, backend, request, django_capture_on_commit_callbacks):
    withdrawn = factories.use_case(title="WITHDRAWN case", via_revision=True)
    hidden = factories.use_case(title="HIDDEN case", via_revision=True)
    index_if_needed(backend, request)
    etags = cached(client, CATALOGUE, FEED, withdrawn.url, hidden.url)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.unpublish()
        hidden.visibility = "attendees"
        hidden.save_revision().publish()
    for url, etag in etags.items():
        response = conditional(client, url, etag)
        assert response.status_code != 304, url
        assert "WITHDRAWN case" not in response.content.decode() and "HIDDEN case" not in response.content.decode()
    assert conditional(client, withdrawn.url, etags[withdrawn.url]).status_code == 404
    assert conditional(client, hidden.url, etags[hidden.url]).status_code == 302  # to the log-in


@pytest.mark.embedded
def test_a_deleted_or_moved_case_changes_the_etag(client):
    case = factories.use_case(title="DELETED case")
    etag = cached(client, CATALOGUE)[CATALOGUE]
    case.delete()
    response = conditional(client, CATALOGUE, etag)
    assert response.status_code == 200 and "DELETED case" not in response.content.decode()


@pytest.mark.embedded
def test_each_language_has_its_own_etag(client):
    factories.use_case(title="PUBLIC case")
    english, french = client.get(CATALOGUE), client.get("/fr" + CATALOGUE)
    assert english["ETag"] != french["ETag"]
    assert 'lang="fr"' in french.content.decode()
    assert conditional(client, "/fr" + CATALOGUE, english["ETag"]).status_code == 200
    assert "Accept-Language" in english["Vary"] and "Accept-Language" in french["Vary"]
    # Different query strings are different answers.
    assert client.get(CATALOGUE, {"q": "drone"})["ETag"] != english["ETag"]


HOSTILE = [
    {"HTTP_IF_NONE_MATCH": "garbage"},
    {"HTTP_IF_NONE_MATCH": '"' * 5000},
    {"HTTP_IF_NONE_MATCH": "W/" + "x" * 20000},
    {"HTTP_IF_NONE_MATCH": '"\x00\x01", W/"\u202e"'},
    {"HTTP_IF_NONE_MATCH": "*"},
    {"HTTP_IF_MODIFIED_SINCE": "not a date"},
    {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 99999 99:99:99 GMT"},
    {"HTTP_IF_MODIFIED_SINCE": "Thu, 01 Jan 1970 00:00:00 GMT"},
    {"HTTP_IF_MATCH": '"nothing-like-it"'},
    {"HTTP_IF_UNMODIFIED_SINCE": "Thu, 01 Jan 1970 00:00:00 GMT"},
]


@pytest.mark.embedded
def test_hostile_conditional_headers_are_harmless(client):
    factories.use_case(title="PUBLIC case")
    for headers in HOSTILE:
        for url in (CATALOGUE, STATISTICS, FEED):
            response = client.get(url, **headers)
            assert response.status_code in (200, 304, 412), (headers, url, response.status_code)
            if response.status_code == 200:
                assert "PUBLIC case" in response.content.decode() or url == STATISTICS


# --- What makes an anonymous answer private (unit level: a view that puts a token or a message in) ---


def anonymous_request(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/cases/")
    request.user, request.session = AnonymousUser(), SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.embedded
@pytest.mark.parametrize("personal", ["csrf", "message", "cookie", "session"])
def test_an_answer_holding_something_personal_is_private(personal):
    request = anonymous_request(RequestFactory())

    def view() -> HttpResponse:
        response = HttpResponse("page")
        if personal == "csrf":
            response.content = get_token(request)
        elif personal == "message":
            add_message(request, constants.INFO, "Signed out")
        elif personal == "cookie":
            response.set_cookie("zone", "Europe/Paris")
        else:
            request.session["seen"] = True
        return response

    assert_private(http_cache.answer(request, view))
    plain = http_cache.answer(anonymous_request(RequestFactory()), lambda: HttpResponse("page"))
    assert_public(plain)


# --- What Lighthouse's SEO and best-practice audits read (bench/lighthouse.py measures the rest) -----


@pytest.mark.embedded
def test_the_five_public_pages_have_their_own_meta_description_and_the_favicon(client):
    import re
    from html import unescape

    from tests import meeting_factories

    case = factories.use_case(title="PUBLIC case", summary="PUBLIC summary of what the system does.")
    meeting = meeting_factories.meeting(title="PUBLIC meeting")
    descriptions = {}
    for url in ("/", CATALOGUE, case.url, STATISTICS, meeting.url):
        html = client.get(url).content.decode()
        found = re.findall(r'<meta name="description" content="([^"]{20,})">', html)
        assert len(found) == 1, url
        descriptions[url] = unescape(found[0])
        assert re.search(r'<link rel="icon" href="/static/[^"]*favicon[^"]*\.svg" type="image/svg\+xml">', html)
    assert descriptions[case.url] == "PUBLIC summary of what the system does."
    assert descriptions[meeting.url].startswith("PUBLIC meeting: ")
    assert len(set(descriptions.values())) == len(descriptions)  # each page says what it is
