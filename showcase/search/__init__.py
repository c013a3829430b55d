"""The catalogue's search: one interface, two backends.

``catalogue_search(query, filters, sort, page, user) -> Results`` answers from
Elasticsearch when ``ELASTICSEARCH_URL`` is set (``elastic``), otherwise from the
database (``database``). When Elasticsearch is down, slow (``ELASTICSEARCH_TIMEOUT``,
no retries) or its index is missing, the same call answers from the database,
sets ``Results.backend = "database"`` and a ``notice`` the page shows, and logs
the error; after such a failure searches skip Elasticsearch for
``connection.RETRY_AFTER_SECONDS``. ``suggest`` and ``related_cases`` fall back the same way.

Both backends show a user only the cases ``showcase.visibility`` lets them see,
in hits, facet counts, suggestions and related cases alike.

See ../shared/DESIGN.md, "Search layer".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from elastic_transport import TransportError

from . import database
from .connection import SEARCH_ERRORS, breaker, is_configured, search_client
from .facets import FACETS, SORTS
from .request import SearchRequest, build_request, clean_text, request_from_params
from .results import BACKEND_DATABASE, BACKEND_ELASTICSEARCH, FacetResult, FacetValue, Hit, Results

__all__ = [
    "BACKEND_DATABASE",
    "BACKEND_ELASTICSEARCH",
    "FACETS",
    "SORTS",
    "FacetResult",
    "FacetValue",
    "Hit",
    "Results",
    "SearchRequest",
    "build_request",
    "catalogue_search",
    "related_cases",
    "request_from_params",
    "run_search",
    "suggest",
]

logger = logging.getLogger(__name__)

SUGGEST_SIZE = 8
SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 100


def fallback_notice() -> str:
    return _(
        "The full search service is unavailable at the moment, so these results come from a simpler search: "
        "no typo tolerance or abbreviations, and the order may differ."
    )


def _use_elasticsearch(backend: str | None) -> bool:
    if backend == BACKEND_DATABASE or not is_configured():
        return False
    return not breaker.is_open(settings.ELASTICSEARCH_URL)


def _failed(what: str, error: BaseException) -> None:
    logger.error("Catalogue %s: Elasticsearch failed, answering from the database: %r", what, error)
    if isinstance(error, TransportError):  # down or slow (not e.g. a missing index): stop trying for a while
        breaker.trip(settings.ELASTICSEARCH_URL)


def run_search(request: SearchRequest, user: Any, backend: str | None = None) -> Results:
    """Search with an already validated request (``build_request`` / ``request_from_params``)."""
    if _use_elasticsearch(backend):
        from . import elastic

        try:
            return elastic.search(search_client(), request, user)
        except SEARCH_ERRORS as error:
            _failed("search", error)
            results = database.search(request, user)
            results.notice = fallback_notice()
            return results
    results = database.search(request, user)
    if is_configured() and backend != BACKEND_DATABASE:
        results.notice = fallback_notice()  # Elasticsearch is configured but skipped after a recent failure
    return results


def catalogue_search(
    query: str = "",
    filters: Mapping[str, Iterable[str]] | None = None,
    sort: str = "",
    page: int | str = 1,
    user: Any = None,
    *,
    backend: str | None = None,
) -> Results:
    """Search the live cases ``user`` may see.

    ``filters`` maps facet keys (``facets.FACETS``) to values (OR within a facet, AND
    across facets); ``sort`` is ``relevance``, ``newest`` or ``title``; ``page`` starts at
    1. Invalid input never raises (see ``request.build_request``). ``backend`` forces one
    backend (``"database"``), for tests and the benchmark.
    """
    return run_search(build_request(query, filters, sort, page), user, backend)


def clean_prefix(prefix: Any) -> str:
    return clean_text(prefix, SUGGEST_MAX_LENGTH * 2)[0]


def suggest(prefix: str, user: Any, size: int = SUGGEST_SIZE, *, backend: str | None = None) -> list[dict[str, str]]:
    """Titles and URLs of visible cases whose title words start with ``prefix``'s words."""
    prefix = clean_prefix(prefix)
    if len(prefix) < SUGGEST_MIN_LENGTH:
        return []
    prefix = prefix[:SUGGEST_MAX_LENGTH]
    if _use_elasticsearch(backend):
        from . import elastic

        try:
            return elastic.suggest(search_client(), prefix, user, size)
        except SEARCH_ERRORS as error:
            _failed("suggestions", error)
    return database.suggest(prefix, user, size)


def related_cases(page: Any, user: Any, size: int = 4, *, backend: str | None = None) -> list[Hit]:
    """Cases like ``page`` that ``user`` may see, never ``page`` itself."""
    if _use_elasticsearch(backend):
        from . import elastic

        try:
            return elastic.related(search_client(), page, user, size)
        except SEARCH_ERRORS as error:
            _failed("related cases", error)
    return database.related(page, user, size)

