"""Elasticsearch clients and the catalogue's index names, all from settings.

* ``ELASTICSEARCH_URL``: the node; unset means the catalogue uses the database search.
* ``ELASTICSEARCH_TIMEOUT``: seconds a search may take before the catalogue answers from the
  database instead. Searches never retry: a retry would only double the wait.
* ``CATALOGUE_INDEX_PREFIX``: the alias is ``<prefix>-cases``; each rebuild creates
  ``<prefix>-cases-<UTC timestamp>`` and moves the alias to it.

Index updates (background jobs, commands) use a separate client with longer timeouts and retries.
Clients are thread-safe and kept per (URL, timeout), so tests that change the settings get
fresh ones.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.serializer import OrjsonSerializer

from .results import BACKEND_DATABASE

logger = logging.getLogger(__name__)

class SearchFailed(Exception):
    """Elasticsearch answered, but a part of a multi-search failed (e.g. the index is missing)."""


#: Errors that mean "Elasticsearch cannot answer this now" (down, slow, index missing, refused).
SEARCH_ERRORS: tuple[type[BaseException], ...] = (ApiError, TransportError, SearchFailed)

#: After a failed search, the catalogue stays on the database for this long before trying
#: Elasticsearch again, so an outage costs one timeout, not one per request.
RETRY_AFTER_SECONDS = 15.0


def is_configured() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def alias_name() -> str:
    return f"{settings.CATALOGUE_INDEX_PREFIX}-cases"


def new_index_name() -> str:
    """A concrete index name that sorts by creation time."""
    return f"{alias_name()}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"


def index_pattern() -> str:
    return f"{alias_name()}-*"


@lru_cache(maxsize=8)
def _client(url: str, timeout: float, retries: int) -> Elasticsearch:
    return Elasticsearch(
        url,
        request_timeout=timeout,
        max_retries=retries,
        retry_on_timeout=retries > 0,
        http_compress=False,
        # orjson encodes a catalogue search and decodes its answer several times faster than the json module
        # (a page of hits with highlights: ~0.3 ms → ~0.1 ms); the client's own serializer: the same for every call.
        serializer=OrjsonSerializer(),
    )


def search_client() -> Elasticsearch:
    """For the request path: the short timeout from settings, no retries."""
    return _client(settings.ELASTICSEARCH_URL, float(settings.ELASTICSEARCH_TIMEOUT), 0)


def indexing_client(timeout: float | None = None) -> Elasticsearch:
    """For index updates (background jobs) and commands: patient, with retries."""
    if timeout is None:
        timeout = max(10.0, float(settings.ELASTICSEARCH_TIMEOUT) * 5)
    return _client(settings.ELASTICSEARCH_URL, float(timeout), 2)


class _Breaker:
    """Remembers, per URL, until when searches should skip Elasticsearch after a failure."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open_until: dict[str, float] = {}

    def is_open(self, url: str) -> bool:
        with self._lock:
            return self._open_until.get(url, 0.0) > time.monotonic()

    def trip(self, url: str) -> None:
        with self._lock:
            self._open_until[url] = time.monotonic() + RETRY_AFTER_SECONDS

    def reset(self, url: str | None = None) -> None:
        with self._lock:
            if url is None:
                self._open_until.clear()
            else:
                self._open_until.pop(url, None)


breaker = _Breaker()


def elasticsearch_in_use(backend: str | None = None) -> bool:
    """Whether a search should ask Elasticsearch: configured, not forced onto the database, not
    skipped after a recent failure (``backend="database"`` forces the database, for tests and the benchmark)."""
    if backend == BACKEND_DATABASE or not is_configured():
        return False
    return not breaker.is_open(settings.ELASTICSEARCH_URL)


def fell_back(what: str, error: BaseException) -> None:
    """Log that Elasticsearch failed and the database answers; down or slow: skip it for a while."""
    logger.error("Catalogue %s: Elasticsearch failed, answering from the database: %r", what, error)
    if isinstance(error, TransportError):  # not e.g. a missing index: that needs a rebuild, not a pause
        breaker.trip(settings.ELASTICSEARCH_URL)
