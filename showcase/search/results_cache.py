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
Promoted results are applied after the cache (``analytics.promotions_for``), which reads them for the
questions promoted under the request's stamp (a promotion saved or deleted moves the stamp). The answers are kept as objects (``LiveStore``), sized and timed by the ``catalogue_results``
alias of ``CACHES`` (``MAX_ENTRIES``, ``TIMEOUT``); ``CATALOGUE_RESULTS_CACHE = False`` switches it off
(the benchmark's cold runs).
"""

from __future__ import annotations

import copy
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.conf import settings
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


def store() -> "LiveStore":
    """This process's store, sized by the ``catalogue_results`` alias of ``CACHES`` (``MAX_ENTRIES``, ``TIMEOUT``)."""
    config = settings.CACHES.get(ALIAS, {})
    shape = (int(config.get("OPTIONS", {}).get("MAX_ENTRIES", 300)), config.get("TIMEOUT", 300))
    live = _live.get("store")
    if live is None or live.shape != shape:  # first use, or settings changed (tests)
        live = _live["store"] = LiveStore(*shape)
    return live


class LiveStore:
    """The answers as objects, bounded (oldest first out) and timed like the alias they are sized by.

    Not a Django cache: the local-memory backend pickles what it keeps and unpickles it on every hit, which
    was 3 % of gunicorn's CPU in the session-start rush (issue 20.4). ``lookup`` hands each request its own
    copy of the answer and of its cards (the cards get this request's images and promoted cases); the
    rest (facet counts, names, highlights) is only read.
    """

    def __init__(self, max_entries: int, timeout: float | None) -> None:
        self.shape = (max_entries, timeout)
        self._entries: OrderedDict[str, tuple[float, Results]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Results | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
        kept = entry[1]
        return replace(kept, hits=[copy.copy(hit) for hit in kept.hits])

    def set(self, key: str, results: Results) -> None:
        timeout = self.shape[1]
        expires = time.monotonic() + timeout if timeout is not None else float("inf")
        with self._lock:
            self._entries.pop(key, None)
            while self._entries and len(self._entries) >= self.shape[0]:
                self._entries.popitem(last=False)
            self._entries[key] = (expires, results)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_live: dict[str, LiveStore] = {}


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
