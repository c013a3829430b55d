"""Elasticsearch down or hung: the catalogue answers from the database, says so, logs it, never fails.

No mock of Elasticsearch: a closed loopback port (connection refused) and a real
TCP server that accepts and never answers (a hung node). These run everywhere
(no node needed), so they are also part of the embedded run.
"""

from __future__ import annotations

import logging
import time

import pytest

from showcase.search import catalogue_search, related_cases, suggest
from showcase.search.connection import breaker
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def unreachable(settings, closed_port):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    return settings.ELASTICSEARCH_URL


@pytest.fixture
def hung(settings, silent_server):
    settings.ELASTICSEARCH_URL = silent_server
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    return silent_server


@pytest.fixture
def cases(known_cases):
    return known_cases


@pytest.mark.parametrize("server", ["unreachable", "hung"])
def test_search_falls_back_to_the_database_with_a_notice(request, cases, server, caplog):
    request.getfixturevalue(server)
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="showcase.search"):
        results = catalogue_search("motorway")
    assert time.monotonic() - started < 5  # one short timeout, no retries
    assert results.backend == "database"
    assert results.notice and "unavailable" in results.notice
    assert [hit.page_id for hit in results.hits] == [cases["plates"].pk]
    assert any("Elasticsearch failed" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("server", ["unreachable", "hung"])
def test_the_page_suggestions_and_related_cases_keep_working(request, client, cases, server):
    request.getfixturevalue(server)
    response = client.get("/cases/", {"q": "cameras", "stage": "in-operation"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The full search service is unavailable" in html
    assert cases["plates"].title in html
    # After one failure the breaker skips Elasticsearch: the next requests do not wait again.
    started = time.monotonic()
    assert client.get("/cases/suggest/", {"q": "roadside"}).json()["suggestions"][0]["title"] == cases["plates"].title
    assert client.get(cases["plates"].url).status_code == 200
    assert time.monotonic() - started < 2
    assert related_cases(cases["plates"], None) is not None
    assert suggest("emergency", None)[0]["title"] == cases["triage"].title


def test_after_the_retry_period_elasticsearch_is_tried_again(unreachable, cases, monkeypatch):
    catalogue_search("motorway")
    assert breaker.is_open(unreachable)
    monkeypatch.setattr("showcase.search.connection.RETRY_AFTER_SECONDS", 0.0)
    breaker.trip(unreachable)
    assert not breaker.is_open(unreachable)


def test_publishing_during_an_outage_does_not_fail(unreachable, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = factories.use_case(publish=True, via_revision=True)
    assert page.live
