"""A per-process store of the rendered public answers for anonymous readers, checked against their ETag (issue 20.4).

``showcase.http_cache.answer`` computes, on every anonymous request, the ETag of the answer
from the catalogue's change stamp *read from the database on that request*, the day, the
language, the host and the full address. When an answer turns out shareable (nothing of one
visitor in it: no CSRF token, message, cookie or changed session — ``_holds_something_personal``)
its body and headers are kept here, one entry per address, with that ETag; a later anonymous
request for the address is answered from here without rendering only if its own ETag, computed
from the stamp read on that request, is the stored one (``http_cache.StoredPublicPageMiddleware``
does it before routing; ``answer`` inside the view for the pages whose ETag needs more).

Why a per-process cache (``LocMemCache``, the ``public_pages`` alias) can never serve a stale or
restricted page: every publish, unpublish, deletion, move, view-restriction or taxonomy change
bumps the stamp in its own transaction (and again once the search index has followed), so from
the moment it commits every request computes a new ETag and no stored answer of the old one
matches. Nothing needs invalidating, in any process. A body stored with an ETag is what an
anonymous reader was shown for that very stamp, so it is exactly what the ``304`` for that ETag
already lets a browser or CDN show.

Only requests without a session or messages cookie are answered or stored here: whatever could be
personal on a page (who is signed in, a message waiting, a password-protected page passed) lives
in the session, so such requests are rendered as before and the store never sees them. Only
``GET`` answers are stored (``HEAD`` is answered from a stored ``GET``). Memory is bounded: the alias
has ``MAX_ENTRIES`` (older entries are culled), bodies over ``PUBLIC_PAGE_STORE_MAX_BYTES`` are not
kept, nor answers to addresses longer than ``PUBLIC_PAGE_STORE_MAX_PATH`` (hostile query strings), and
the key is a fixed-length digest of the address. After restoring the database to an earlier state,
restart the workers: the stamp would count again through versions the store has seen.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import translation

#: The alias in ``CACHES`` (settings/base.py); without it, nothing is stored.
STORE_ALIAS = "public_pages"
#: Cookies that can put something of one visitor on a page (django.contrib.messages' cookie storage).
PERSONAL_COOKIES = ("messages",)
#: (ETag, body, headers) of one answer.
Stored = tuple[str, bytes, list[tuple[str, str]]]
#: Headers never replayed: a shareable answer has no cookie.
NOT_REPLAYED = frozenset({"set-cookie"})



def _store() -> BaseCache | None:
    try:
        return caches[STORE_ALIAS]
    except InvalidCacheBackendError:
        return None


def _key(request: HttpRequest, variant: Any = None) -> str | None:
    """The store's key for this request's address, or None when the store must not be used for it.

    One entry per address (scheme, encoding asked for, host, language, path and query string): a newer
    rendering replaces the older one, and the entry answers only while its ETag is the request's.
    ``variant``: one entry per address *and* value (the programme: the visitor's time zone, read from a
    cookie), so visitors of different zones do not replace each other's entry; such entries are found only
    by the view (``http_cache.answer``), never before routing.
    Worked out once per request and variant: the lookup before routing and the keeping after rendering
    ask for the same key, and nothing it depends on changes in between.
    """
    known = request.__dict__.get("_page_store_key")
    if known is not None and known[0] == variant:
        return known[1]
    key = _address_key(request, variant)
    request._page_store_key = (variant, key)  # type: ignore[attr-defined]
    return key


def _address_key(request: HttpRequest, variant: Any) -> str | None:
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in PERSONAL_COOKIES):
        return None
    path = request.get_full_path()
    if len(path) > int(getattr(settings, "PUBLIC_PAGE_STORE_MAX_PATH", 1000)):
        return None
    encoding = "gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "plain"
    parts = (request.scheme, encoding, request.get_host(), translation.get_language(), path)
    if variant is not None:
        parts += ("variant", variant)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def stored_for(request: HttpRequest, variant: Any = None) -> Stored | None:
    """What is stored for this request's address (whatever its ETag), or None."""
    store, key = _store(), _key(request, variant)
    return store.get(key) if store is not None and key is not None else None


def holds(request: HttpRequest) -> bool:
    """Whether an answer (of any ETag) is stored for this request's address in the active language. Asked before
    ``LocaleMiddleware`` has run (``catalogue_route``'s first middleware): the key is not remembered on the request."""
    store = _store()
    key = _address_key(request, None) if store is not None else None
    return key is not None and store.has_key(key)  # not get(): the stored page is not unpickled only to be dropped


def rebuild(stored: Stored | None, etag: str) -> HttpResponse | None:
    """The stored answer if it was stored under ``etag`` (the current one), else None."""
    if stored is None or stored[0] != etag:
        return None
    _etag, content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(content))
    return response


def replay(request: HttpRequest, etag: str, variant: Any = None) -> HttpResponse | None:
    """The stored answer for this request if its ETag is still ``etag``, or None (render it)."""
    return rebuild(stored_for(request, variant), etag)


def keep(request: HttpRequest, etag: str, response: HttpResponse, variant: Any = None) -> None:
    """Store a finished shareable answer (gzipped or not, as this request asked) under its address and ETag."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return
    store, key = _store(), _key(request, variant)
    if store is None or key is None:
        return
    if len(response.content) > int(getattr(settings, "PUBLIC_PAGE_STORE_MAX_BYTES", 512 * 1024)):
        return
    headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_REPLAYED]
    store.set(key, (etag, response.content, headers))
