"""The API's per-client rate limit: 429 with Retry-After and a JSON body beyond it, per IP or per account, then reset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import uuid

import pytest
import time_machine
from django.test import Client

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

START = datetime(2026, 12, 6, 13, 0, 5, tzinfo=UTC)  # 5 seconds into a one-minute window


@pytest.fixture
def tiny_limit(settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 3
    settings.API_RATE_LIMIT_SIGNED_IN = 5
    settings.API_RATE_LIMIT_WINDOW = 60


def caller(address: str = "192.0.2.10") -> Client:
    return Client(HTTP_HOST="localhost", REMOTE_ADDR=address)


def test_an_anonymous_client_gets_429_with_retry_after_after_its_limit_then_a_fresh_window(tiny_limit):
    anonymous = caller()
    with time_machine.travel(START, tick=False) as clock:
        assert [anonymous.get("/api/v1/taxonomies/").status_code for _ in range(3)] == [200, 200, 200]
        refused = anonymous.get("/api/v1/taxonomies/")
        assert refused.status_code == 429
        assert 1 <= int(refused["Retry-After"]) <= 56
        assert "3 requests in 60 seconds" in refused.json()["detail"]
        assert "no-store" in refused["Cache-Control"]
        clock.move_to(START + timedelta(seconds=int(refused["Retry-After"])))
        assert anonymous.get("/api/v1/taxonomies/").status_code == 200


def test_every_url_of_the_api_counts_the_docs_and_the_schema_too(tiny_limit):
    anonymous = caller("192.0.2.11")
    with time_machine.travel(START, tick=False):
        for url in ("/api/v1/openapi.json", "/api/v1/docs", "/api/v1/cases/no-such-case/"):
            assert anonymous.get(url).status_code != 429
        for url in ("/api/v1/openapi.json", "/api/v1/docs", "/api/v1/export/cases.csv", "/api/v1/cases/?sort=nonsense"):
            assert anonymous.get(url).status_code == 429, url


def test_clients_are_counted_apart_by_address_and_by_account(tiny_limit):
    first, second = caller("192.0.2.12"), caller("192.0.2.13")
    signed_in = caller("192.0.2.12")
    signed_in.force_login(factories.user())
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            first.get("/api/v1/taxonomies/")
        assert first.get("/api/v1/taxonomies/").status_code == 429
        assert second.get("/api/v1/taxonomies/").status_code == 200  # another address
        # The same address signed in is counted per account, with the signed-in limit.
        assert [signed_in.get("/api/v1/taxonomies/").status_code for _ in range(6)] == [200] * 5 + [429]


def test_a_forged_forwarded_for_header_does_not_make_a_new_client(tiny_limit):
    anonymous = caller("192.0.2.14")
    with time_machine.travel(START, tick=False):
        codes = [
            anonymous.get("/api/v1/taxonomies/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)
        ]
    assert codes == [200, 200, 200, 429]


def test_nonsense_settings_fall_back_to_the_safe_defaults(settings):
    from showcase.api.ratelimit import DEFAULTS, setting

    settings.API_RATE_LIMIT_ANONYMOUS = 0
    settings.API_RATE_LIMIT_WINDOW = -5
    del settings.API_RATE_LIMIT_SIGNED_IN
    assert setting("API_RATE_LIMIT_ANONYMOUS") == DEFAULTS["API_RATE_LIMIT_ANONYMOUS"]
    assert setting("API_RATE_LIMIT_WINDOW") == DEFAULTS["API_RATE_LIMIT_WINDOW"]
    assert setting("API_RATE_LIMIT_SIGNED_IN") == DEFAULTS["API_RATE_LIMIT_SIGNED_IN"]


def test_without_the_portals_counter_the_cache_counts(settings):
    from showcase.api import ratelimit

    identity = f"ip:{uuid.uuid4()}"  # the local-memory cache outlives the test
    with time_machine.travel(START, tick=False):
        verdicts = [ratelimit.cache_counter("test-scope", identity, 2, 60) for _ in range(3)]
    assert [allowed for allowed, _wait in verdicts] == [True, True, False]
    assert verdicts[-1][1] == 55
