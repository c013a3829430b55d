"""Conditional GET on the API: ETag and Last-Modified give 304 on a repeat, never a stale or borrowed answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def cases(settings):
    settings.ELASTICSEARCH_URL = ""  # the embedded search: these tests are about HTTP, not the backend
    return {
        "open": factories.use_case(title="Open plate reader", via_revision=True),
        "secret": factories.use_case(title="Covert watchlist", visibility="attendees", via_revision=True),
    }


def test_a_repeat_with_the_etag_is_304_without_a_body(cases, api):
    for url in ("/api/v1/cases/", f"/api/v1/cases/{cases['open'].slug}/", "/api/v1/facets/", "/api/v1/taxonomies/",
                "/api/v1/export/schema.json", "/api/v1/openapi.json"):  # fmt: skip
        first = api.get(url)
        assert first.status_code == 200 and first["ETag"].startswith('"'), url
        again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b"", url
        assert again["ETag"] == first["ETag"], url
        other = api.get(url, HTTP_IF_NONE_MATCH='"something-else"')
        assert other.status_code == 200 and other.content == first.content, url


def test_a_repeat_with_if_modified_since_is_304_until_a_later_publication(cases, api):
    url = f"/api/v1/cases/{cases['open'].slug}/"
    first = api.get(url)
    published = cases["open"].last_published_at
    assert first["Last-Modified"] == http_date(published.timestamp())
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    earlier = http_date((published - timedelta(hours=1)).timestamp())
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    listing = api.get("/api/v1/cases/")
    assert listing["Last-Modified"] == first["Last-Modified"]  # the open case is the only one anonymous callers get
    assert api.get("/api/v1/cases/", HTTP_IF_MODIFIED_SINCE=listing["Last-Modified"]).status_code == 304


def test_a_publication_changes_the_etag_and_the_old_one_gets_the_new_answer(cases, api):
    url = f"/api/v1/cases/{cases['open'].slug}/"
    before, listing = api.get(url), api.get("/api/v1/cases/")
    page = cases["open"]
    page.title = "Open plate reader, second edition"
    page.save_revision().publish()
    after = api.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after.json()["title"] == "Open plate reader, second edition"
    assert after["ETag"] != before["ETag"]
    new_case = factories.use_case(title="A case published later", via_revision=True)
    relisted = api.get("/api/v1/cases/", HTTP_IF_NONE_MATCH=listing["ETag"])
    assert relisted.status_code == 200 and new_case.pk in [c["id"] for c in relisted.json()["results"]]


def test_an_attendees_answer_is_private_and_its_validators_never_serve_anonymous_callers(cases, api):
    client = Client(HTTP_HOST=api.defaults["HTTP_HOST"])  # another person, no cookie
    api.force_login(factories.attendee())
    url = "/api/v1/cases/"
    attendee = api.get(url)
    assert cases["secret"].pk in [c["id"] for c in attendee.json()["results"]]
    assert attendee["Cache-Control"] == "private, max-age=60" and "Cookie" in attendee["Vary"]
    assert "Last-Modified" not in attendee  # a date cannot tell the two audiences apart
    anonymous = client.get(url, HTTP_IF_NONE_MATCH=attendee["ETag"])
    assert anonymous.status_code == 200 and anonymous["ETag"] != attendee["ETag"]
    assert cases["secret"].pk not in [c["id"] for c in anonymous.json()["results"]]
    assert anonymous["Cache-Control"] == "private, max-age=60" and "Cookie" in anonymous["Vary"]
    detail = api.get(f"/api/v1/cases/{cases['secret'].slug}/")
    assert detail.status_code == 200 and "Last-Modified" not in detail
    assert client.get(f"/api/v1/cases/{cases['secret'].slug}/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": "garbage, \x00\"unterminated"},
        {"HTTP_IF_NONE_MATCH": "W/"},
        {"HTTP_IF_NONE_MATCH": '"' + "a" * 10_000 + '"'},
        {"HTTP_IF_MODIFIED_SINCE": "yesterday at noon"},
        {"HTTP_IF_MODIFIED_SINCE": "Sun, 99 Foo 99999 99:99:99 GMT"},
        {"HTTP_IF_MODIFIED_SINCE": "\x00" * 50},
        {"HTTP_IF_MATCH": "nonsense"},
        {"HTTP_IF_UNMODIFIED_SINCE": "not a date"},
    ],
)
def test_hostile_validators_never_cause_a_500(cases, api, headers):
    response = api.get("/api/v1/cases/", **headers)
    assert response.status_code in (200, 412)


def test_a_date_in_the_future_is_not_a_copy_date(cases, api):
    future = http_date((timezone.now() + timedelta(days=365)).timestamp())
    assert api.get("/api/v1/cases/", HTTP_IF_MODIFIED_SINCE=future).status_code == 200


def test_streamed_exports_carry_no_validators(cases, api):
    response = api.get("/api/v1/export/cases.csv")
    assert response.status_code == 200 and "ETag" not in response and "Last-Modified" not in response
