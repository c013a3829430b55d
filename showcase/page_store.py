"""A per-process store of the rendered public answers for anonymous readers, keyed by their ETag (issue 20.4).

``showcase.http_cache.answer`` computes, on every anonymous request, the ETag of the answer
from the catalogue's change stamp *read from the database on that request*, the day, the
language, the host and the full address. When an answer turns out shareable (nothing of one
visitor in it: no CSRF token, message, cookie or changed session — ``_holds_something_personal``)
its body and headers are kept here under that ETag; the next anonymous request whose ETag is
the same is answered from here without rendering.

Why a per-process cache (``LocMemCache``, the ``public_pages`` alias) can never serve a stale or
restricted page: every publish, unpublish, deletion, move, view-restriction or taxonomy change
bumps the stamp in its own transaction (and again once the search index has followed), so from
the moment it commits every request computes a new ETag, and what was stored under the old one is
never looked up again (it ages out of the bounded store). Nothing needs invalidating, in any
process. A body stored under an ETag is what an anonymous reader was shown for that very stamp,
so it is exactly what the ``304`` for that ETag already lets a browser or CDN show.

Only requests without a session or messages cookie are answered or stored here: whatever could be
personal on a page (who is signed in, a message waiting, a password-protected page passed) lives
in the session, so such requests are rendered as before and the store never sees them. Only
``GET`` answers are stored (``HEAD`` is answered from a stored ``GET``). Memory is bounded: the alias
has ``MAX_ENTRIES``, bodies over ``PUBLIC_PAGE_STORE_MAX_BYTES`` are not kept, nor answers to
addresses longer than ``PUBLIC_PAGE_STORE_MAX_PATH`` (hostile query strings), and the key is the
ETag (a fixed-length digest), whatever the address. After restoring the database to an earlier
state, restart the workers: the stamp would count again through versions the store has seen.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip

#: The alias in ``CACHES`` (settings/base.py); without it, nothing is stored.
STORE_ALIAS = "public_pages"
#: Cookies that can put something of one visitor on a page (django.contrib.messages' cookie storage).
PERSONAL_COOKIES = ("messages",)
#: Headers never replayed: a shareable answer has no cookie, and Django recomputes the length.
NOT_REPLAYED = frozenset({"set-cookie", "content-length"})


def _store() -> BaseCache | None:
    try:
        return caches[STORE_ALIAS]
    except InvalidCacheBackendError:
        return None


def _key(request: HttpRequest, etag: str) -> str | None:
    """The store's key for this request's answer, or None when the store must not be used for it."""
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in PERSONAL_COOKIES):
        return None
    if len(request.get_full_path()) > int(getattr(settings, "PUBLIC_PAGE_STORE_MAX_PATH", 1000)):
        return None
    encoding = "gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "plain"
    return f"{request.scheme}:{encoding}:{etag}"


def replay(request: HttpRequest, etag: str) -> HttpResponse | None:
    """The stored answer for this request's ETag, or None (render it)."""
    store, key = _store(), _key(request, etag)
    if store is None or key is None:
        return None
    stored = store.get(key)
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def keep(request: HttpRequest, etag: str, response: HttpResponse) -> None:
    """Store a finished shareable answer (gzipped or not, as this request asked) under its ETag."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return
    store, key = _store(), _key(request, etag)
    if store is None or key is None:
        return
    if len(response.content) > int(getattr(settings, "PUBLIC_PAGE_STORE_MAX_BYTES", 512 * 1024)):
        return
    headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_REPLAYED]
    store.set(key, (response.content, headers))
