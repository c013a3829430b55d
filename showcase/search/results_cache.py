"""A per-process cache of catalogue search results, safe by construction.

What a search returns (cards, total, facet counts and labels, messages) depends only on:

- the catalogue's state: ``CatalogueStamp`` (``showcase.models.catalogue_stamp``), bumped in the
  transaction of every page save/delete/move/publish, view-restriction, taxonomy, tag or thesaurus
  change, and again when the search index has followed (``showcase.stamp_signals``);
- who asks, as the audience tokens every query filters on (``audience.user_audience``): an
  attendee's answer is never stored under an anonymous visitor's key;
- the language (card URLs and names), the day (the review facet compares dates with today);
- the validated request (``request.build_request``: cleaned text, known facets and values, sort,
  page) and the backend asked for.

So the key holds all of them, hashed (a hostile query string makes a 64-character key, like any
other). The stamp is read *before* the search: a change committed meanwhile gives a newer stamp
to the next request, so an answer computed from older data is never stored under a newer stamp.

Not stored: answers of the fallback (Elasticsearch failing now: they carry a notice and must not
outlive the outage), and card images (attached per request from ``card_images``' own memo).
Promoted results are applied after the cache (``analytics.promotions_for``): promotions do not bump
the stamp. The cache alias (``catalogue_results`` in ``CACHES``) is bounded by ``MAX_ENTRIES``;
``CATALOGUE_RESULTS_CACHE = False`` switches it off (the benchmark's cold runs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.utils import translation

from ..review_dates import today
from .audience import user_audience
from .cards import attach_images
from .request import SearchRequest
from .results import Results
from .stamp import stamp_now
from .taxonomy_names import labels_generation

ALIAS = "catalogue_results"


def enabled() -> bool:
    return bool(getattr(settings, "CATALOGUE_RESULTS_CACHE", True))


def store() -> BaseCache:
    return caches[ALIAS]


def results_key(request: SearchRequest, user: Any, backend: str | None) -> str:
    """The cache key of this search as this user sees it now (the stamp this request read first, or one query)."""
    audience = user_audience(user)
    stamp = stamp_now()
    parts = (
        stamp,
        labels_generation(stamp),  # facet labels and card names are part of the answer
        "*" if audience is None else tuple(sorted(audience)),
        translation.get_language(),
        today().isoformat(),
        backend,
        request.query,
        tuple(request.filters.items()),
        request.sort,
        request.page,
        tuple(str(message) for message in request.messages),
    )
    return "catalogue:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _storable(results: Results) -> Results:
    """A copy without the card images (Wagtail image objects, read again per request)."""
    return replace(results, hits=[replace(hit, image=None, image_alt="", image_html="") for hit in results.hits])


def lookup(request: SearchRequest, user: Any, backend: str | None) -> tuple[str | None, Results | None]:
    """(the key to ``keep`` the answer under, the answer kept since the last change or None); (None, None) when off."""
    if not enabled():
        return None, None
    key = results_key(request, user, backend)
    results = store().get(key)
    if results is not None:
        attach_images(results.hits)
    return key, results


def keep(key: str | None, results: Results) -> None:
    """Keep a fresh answer under the key ``lookup`` gave (read before the search); not the fallback's."""
    if key is not None and not results.notice:
        store().set(key, _storable(results))


def cached_search(
    request: SearchRequest, user: Any, backend: str | None, search: Callable[[], Results]
) -> Results:
    """``search()``'s answer, from this process's cache when the same search was answered since the last change."""
    key, results = lookup(request, user, backend)
    if results is not None:
        return results
    results = search()
    keep(key, results)
    return results
