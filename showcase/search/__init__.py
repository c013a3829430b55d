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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from django.utils.translation import gettext as _
from elasticsearch import Elasticsearch

from . import database, elastic
from .analytics import promotions_for
from .connection import SEARCH_ERRORS, elasticsearch_in_use, fell_back, is_configured, search_client
from .facets import FACETS, SORTS
from .request import SearchRequest, build_request, clean_text, request_from_params
from . import results_cache
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
    "search_from_query",
    "start_search",
    "suggest",
]

Answer = TypeVar("Answer")

SUGGEST_SIZE = 8
SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 100


def fallback_notice() -> str:
    return _(
        "The full search service is unavailable at the moment, so these results come from a simpler search: "
        "no highlighting, and the order may differ."
    )


def _answer(
    what: str,
    backend: str | None,
    from_elasticsearch: Callable[[Elasticsearch], Answer],
    from_database: Callable[[], Answer],
) -> Answer:
    """Elasticsearch's answer when it is in use and answers; otherwise (the failure logged) the database's."""
    if elasticsearch_in_use(backend):
        try:
            return from_elasticsearch(search_client())
        except SEARCH_ERRORS as error:
            fell_back(what, error)
    return from_database()


def run_search(request: SearchRequest, user: Any, backend: str | None = None) -> Results:
    """Search with an already validated request (``build_request`` / ``request_from_params``)."""
    return start_search(request, user, backend, ahead=False)()  # nothing to do meanwhile: sent when read


def start_search(
    request: SearchRequest,
    user: Any,
    backend: str | None = None,
    *,
    ahead: bool = True,
    sent: elastic.Sent | None = None,
    prepare: Callable[[dict[str, FacetResult], int], None] | None = None,
) -> Callable[[], Results]:
    """Send the search now; the function returned waits for its answer (once) and gives it.

    The request goes out on the caller's thread and its answer is read there when asked for
    (``elastic.Sent``), so Elasticsearch works while the caller does its own (the catalogue
    page: its query log, the top of its template); ``ahead=False``: sent when the answer is asked for.
    ``sent``: this very search, already sent before the request was routed (``search.ahead``).
    ``prepare``: called with the facets and the total as soon as Elasticsearch's counts are read, while its hits
    are still computed (``elastic.Sent.read``); not called when the answer comes another way (cache, database, a retry).
    An answer kept by the results cache is not searched again.
    """
    key, kept = results_cache.lookup(request, user, backend)
    if sent is not None and (kept is not None or not elasticsearch_in_use(backend)):
        sent.abandon()
        sent = None
    if sent is None and ahead and kept is None and elasticsearch_in_use(backend):
        sent = elastic.Sent(search_client(), request, user)
    if sent is not None:
        sent.prepare = prepare
    answers: list[Results] = []

    def answer() -> Results:
        if not answers:
            promote = promotions_for(request, user)  # read while Elasticsearch answers
            results = kept
            if results is None:
                results = _search(request, user, backend, sent)
                results_cache.keep(key, results)
            answers.append(promote(results))  # after the cache: promotions do not bump the stamp
        return answers[0]

    return answer


def _search(request: SearchRequest, user: Any, backend: str | None, sent: elastic.Sent | None = None) -> Results:
    results = _answer(
        "search",
        backend,
        lambda client: elastic.search(client, request, user, sent),
        lambda: database.search(request, user),
    )
    if results.backend == BACKEND_DATABASE and is_configured() and backend != BACKEND_DATABASE:
        results.notice = fallback_notice()  # Elasticsearch failed now, or is skipped after a recent failure
    return results


def search_from_query(params: Mapping[str, Any], user: Any, **overrides: Any) -> tuple[SearchRequest, Results]:
    """The catalogue's search for a query string (``/cases/?…``), as ``user`` sees it.

    ``overrides`` replace parts of the request, e.g. ``sort=SORT_NEWEST, page=1`` for the feed.
    """
    search = replace(request_from_params(params), **overrides)
    return search, run_search(search, user)


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
    return _answer(
        "suggestions",
        backend,
        lambda client: elastic.suggest(client, prefix, user, size),
        lambda: database.suggest(prefix, user, size),
    )


def related_cases(page: Any, user: Any, size: int = 4, *, backend: str | None = None) -> list[Hit]:
    """Cases like ``page`` that ``user`` may see, never ``page`` itself."""
    return _answer(
        "related cases",
        backend,
        lambda client: elastic.related(client, page, user, size),
        lambda: database.related(page, user, size),
    )
