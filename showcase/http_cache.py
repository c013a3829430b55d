"""HTTP caching of the public pages for anonymous readers: validators, 304s and ``Cache-Control``.

The catalogue, the case pages, the statistics and the feed are the same for every
anonymous reader of one address in one language, and they change only when the
catalogue does. So, for an anonymous ``GET``/``HEAD``:

- the ``ETag`` is a digest of the catalogue's change stamp (``CatalogueStamp``, bumped by
  the signal handlers below in the transaction of every publish, unpublish, delete, move,
  save, view-restriction or taxonomy change, and again when the search index has followed),
  the day, the language, the host and the full address with its query string;
- a request whose ``If-None-Match`` / ``If-Modified-Since`` still matches is answered ``304``
  before the view runs (one primary-key read instead of a search);
- otherwise the page is rendered and sent (gzipped when the client accepts it) ``Cache-Control: public`` with
  ``PUBLIC_CACHE_SECONDS`` (0, the default: "store, but ask me every time", which the cheap
  304 makes affordable and which never lets a cache show a case unpublished a moment ago)
  and ``Vary: Accept-Language, Cookie``;
- and the shareable answer is kept in a per-process store under that ETag: later anonymous
  requests with the same ETag are answered from it without rendering. Because the ETag holds
  the stamp read from the database on each request, a stored page can never be stale or
  restricted; ``showcase.page_store`` says why and what bounds it.

Everything else is ``Cache-Control: private, no-cache`` without validators: a signed-in
person's page (attendees see more), and any page that on rendering turned out to hold
something of one visitor: a CSRF token, a message, a cookie or a changed session.
Case pages under a view restriction (attendees-only, password) are never public either.

A decorator rather than a middleware, because only a few views qualify and the early 304
must happen before the view's work; Django's ``get_conditional_response`` does the RFC 9110
comparisons (weak ``If-None-Match``, ``If-Modified-Since``, ``If-Match`` → 412).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone, translation
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from . import page_store
from .search.stamp import stamp_now

#: What the public answer varies with besides its address: the language and whether a person is signed in.
PUBLIC_VARY = ("Accept-Language", "Cookie")

Extra = Callable[[HttpRequest], Any]


def public_cache_seconds() -> int:
    return max(0, int(getattr(settings, "PUBLIC_CACHE_SECONDS", 0)))


def _start_of_today() -> datetime:
    return timezone.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def validators(request: HttpRequest, extra: Any = None) -> tuple[str, datetime | None]:
    """The weak ETag and the Last-Modified date of the anonymous answer to this request.

    The day is part of both: what a page says may change with the date alone (a case past its
    review date is marked "may be out of date"). ``extra`` (e.g. counts that change without a
    publication) goes into the ETag only, so there is no Last-Modified when it is given.
    """
    if extra is None and hasattr(request, "_public_validators"):  # read by the middleware a moment ago
        return request._public_validators
    version, changed_at = stamp_now()  # the stamp this request read first, if it did (one query less)
    today = _start_of_today()
    parts = [version, today.date().isoformat(), translation.get_language(), request.get_host(),
             request.get_full_path(), extra]  # fmt: skip
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    last_modified = None if extra is not None else max(changed_at or today, today)
    found = (f'W/"{version}-{digest}"', last_modified)
    if extra is None:
        request._public_validators = found  # type: ignore[attr-defined]
    return found


def _make_public(
    response: HttpResponse, etag: str, last_modified: datetime | None, vary: tuple[str, ...] = PUBLIC_VARY
) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = _http_date(int(last_modified.timestamp()))
    seconds = public_cache_seconds()
    if "Cache-Control" not in response:  # what patch_cache_control would write, without parsing a header not there
        response["Cache-Control"] = f"public, max-age={seconds}" if seconds else "public, no-cache"
    elif seconds:
        patch_cache_control(response, public=True, max_age=seconds)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    if "Vary" not in response:
        response["Vary"] = ", ".join(vary)
    else:
        patch_vary_headers(response, vary)
    return response


@functools.lru_cache(maxsize=64)
def _http_date(timestamp: int) -> str:
    """Last-Modified is the stamp's time or the start of the day: a handful of values, formatted once each."""
    return http_date(timestamp)


def make_private(response: HttpResponse) -> HttpResponse:
    """``private, no-cache``, no validators, ``Vary: Cookie``; a view's own ``private``/``no-store`` choice is kept."""
    for header in ("ETag", "Last-Modified", "Expires"):
        if header in response:
            del response[header]
    own = response.get("Cache-Control", "")
    if "no-store" in own:
        response["Cache-Control"] = "private, no-cache, no-store"
    elif "private" not in own or "public" in own:
        response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie",))
    return response


def _holds_something_personal(request: HttpRequest, response: HttpResponse) -> bool:
    """True if this rendered answer carries anything of this visitor, or was already marked not shareable."""
    if response.status_code != 200 or response.cookies:
        return True
    if any(word in response.get("Cache-Control", "") for word in ("private", "no-store")):
        return True
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a CSRF token was put into the page
        return True
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or getattr(messages, "_queued_messages", None)):
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.modified)


def is_anonymous(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def answer(
    request: HttpRequest,
    respond: Callable[[], HttpResponse],
    *,
    extra: Extra | None = None,
    same_for_everyone: bool = False,
    shareable: bool = True,
    stored_per_extra: bool = False,
) -> HttpResponse:
    """``respond()``'s answer with the caching headers this request deserves (a 304 when it may).

    ``same_for_everyone``: the answer never depends on who asks (the feed): public even for a
    signed-in person. ``shareable=False``: private whatever happens (e.g. a restricted page).
    ``stored_per_extra``: the store keeps one answer per address and value of ``extra`` (a value
    visitors differ in, like the programme's time zone) instead of one per address.
    """
    if request.method not in ("GET", "HEAD") or settings.DEBUG:
        return respond()
    if not shareable or not (same_for_everyone or is_anonymous(request)):
        return _finish(respond(), lambda response: make_private(response))
    extra_value = extra(request) if extra else None
    variant = extra_value if stored_per_extra else None
    etag, last_modified = validators(request, extra_value)
    vary = ("Accept-Language",) if same_for_everyone else PUBLIC_VARY
    conditional = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp()) if last_modified else None
    )
    if conditional is not None:
        if isinstance(conditional, HttpResponseNotModified):
            return _make_public(conditional, etag, last_modified, vary)
        return make_private(conditional)  # 412 Precondition Failed
    stored = page_store.replay(request, etag, variant)
    if stored is not None:
        return stored

    def finish(response: HttpResponse) -> HttpResponse:
        if _holds_something_personal(request, response):
            return make_private(response)
        response = _compressed(request, _make_public(response, etag, last_modified, vary))
        page_store.keep(request, etag, response, variant)
        return response

    return _finish(respond(), finish)


def _compressed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Gzip for a client that accepts it (Django's GZipMiddleware, with its BREACH padding).

    Only shareable answers: they hold no secret (no CSRF token, nothing of one visitor), so
    compressing them beside reflected search words gives an attacker nothing to guess.
    """
    return GZipMiddleware(lambda _request: response).process_response(request, response)


def _finish(response: HttpResponse, finish: Callable[[HttpResponse], HttpResponse]) -> HttpResponse:
    """Apply ``finish`` once the response is rendered: a TemplateResponse decides only then what it holds."""
    if getattr(response, "is_rendered", True):
        return finish(response)
    response.add_post_render_callback(finish)
    return response


def public_for_anonymous(
    view: Callable[..., HttpResponse] | None = None, *, extra: Extra | None = None, same_for_everyone: bool = False
) -> Any:
    """Decorator form of ``answer`` for a view (or method) that takes the request among its arguments."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
            request = next(arg for arg in args if isinstance(arg, HttpRequest))
            return answer(request, lambda: view(*args, **kwargs), extra=extra, same_for_everyone=same_for_everyone)

        return wrapped

    return decorate(view) if view is not None else decorate


#: A request with one of these is answered by ``answer`` (a 304 or a precondition), not from the store early.
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


class StoredPublicPageMiddleware:
    """Answer an anonymous ``GET``/``HEAD`` from the store before URL routing and the view (the last middleware).

    A stored answer was rendered by ``http_cache.answer`` for this very address, host, language and
    catalogue stamp after Wagtail's routing and view-restriction check had let an anonymous reader through;
    routing depends only on the pages, whose every change bumps the stamp. So the same key means the same
    answer, and what a hit skips (routing: about four fifths of a hit's time) would decide nothing new.
    Answers with an ``extra`` (the statistics' counts) are keyed with it, which this lookup cannot know:
    they are found by ``answer`` inside their view instead. Every other middleware runs as for a rendered page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD") and not settings.DEBUG and not _asks_more(request):
            stored = page_store.stored_for(request)
            if stored is not None:  # only then the stamp is read here (and reused by the view on a miss)
                response = page_store.rebuild(stored, validators(request)[0])
                if response is not None:
                    return response
        return self.get_response(request)


def _asks_more(request: HttpRequest) -> bool:
    """A conditional request, or one carrying credentials: left to the view."""
    return "HTTP_AUTHORIZATION" in request.META or any(header in request.META for header in CONDITIONAL_HEADERS)
