"""Fixtures for the API tests: the search tests' catalogue and backends, and API helpers.

``backend`` parametrises a test over the database search (also on SQLite) and a real
Elasticsearch node with a private index; ``indexed`` builds that index after the cases exist.
``indexed_once`` is the same, built once per module and backend, for modules whose tests only read.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.showcase.search.conftest import (  # noqa: F401  (fixtures re-exported for these tests)
    _closed_breaker,
    backend,
    catalogue_index,
    catalogue_built_once,
    index_if_needed,
    indexed_once,
    known_cases,
)

HOST = "localhost"


@pytest.fixture
def indexed(known_cases, backend, request):  # noqa: F811
    index_if_needed(backend, request)
    return known_cases


@pytest.fixture
def api(client):
    """A test client that talks to the API host (ALLOWED_HOSTS)."""
    client.defaults["HTTP_HOST"] = HOST
    return client


def body(response) -> str:
    """The whole body, streamed or not, as text."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def csv_rows(response) -> list[dict[str, str]]:
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def json_export(response) -> dict:
    return json.loads(body(response))
