"""Wagtail's routing of the catalogue's own address, remembered per process until the catalogue changes.

Every catalogue request used to find its site by hostname, load the root page, its specific
page, the catalogue child and its specific page (five statements) before the search began.
This middleware remembers, per address (host, path with its language prefix) and per value of
the catalogue's change stamp (``CatalogueStamp``, one primary-key read), the route result
Wagtail found, and hands it to Wagtail's ``Page.route_for_request`` through the per-request
attribute Wagtail itself caches it in (``request._wagtail_route_for_request``). The site comes
from ``showcase.request_site``, which remembers it for every page request under the same stamp.

Safe because the stamp moves in the transaction of every page save, publish, unpublish,
delete or move and of every site change (``showcase.stamp_signals``), and it is read *before*
the request is routed: a route found from older data is never stored under a newer stamp.
Only the catalogue's listing route, a meeting's programme and a case page (``REMEMBERED_VIEWS``) are
remembered, only after a 200, and only for addresses a previous request showed to be one of them (others
never pay the stamp read); the page is kept with its fields only, so what a request reads or caches on it
(a meeting's sessions, a case's metadata) is read again by the next. Each request gets
its own copy of the page. Wagtail's view-restriction check (``before_serve_page``) still runs on
every request, against the database: a restriction added is obeyed by the next request.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import get_language
from wagtail.url_routing import RouteResult

from . import page_store
from .models import CataloguePage, MeetingPage, UseCasePage
from .models.catalogue_stamp import current_stamp
from .models.remembered_parents import fields_only
from .search.ahead import drop_unread, keep_if_current, send_ahead
from .search.stamp import stamp_known
from .search.taxonomy_names import forget_with_labels

#: At most this many remembered addresses, and (stamp, address) routes: the catalogue and the programme in a
#: handful of languages and hosts, and the case pages signed-in readers open (anonymous ones are answered from
#: the page store before routing). The oldest entry goes first; a route asked for is moved to the back.
MAX_ROUTES = 512

#: Address → the language it is served in if it is the catalogue's listing (its search can be sent before routing:
#: ``search.ahead``), False if it is another remembered view.
_catalogue_addresses: dict[tuple[str, str], str | bool] = {}
#: Where ``CatalogueSearchFirstMiddleware`` leaves the search it sent, for ``CatalogueRouteMiddleware``.
SENT_FIRST = "_catalogue_search_sent_first"
_NOT_TRIED = object()
#: The stamp this process read last: what a search sent before the next stamp read is built under.
_last_stamp: list[Any] = []
_routes: dict[tuple[Any, ...], tuple[Any, tuple[Any, ...]]] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop every remembered route of this process (tests)."""
    with _lock:
        _catalogue_addresses.clear()
        _routes.clear()
        _last_stamp.clear()


def _remember(entries: dict[Any, Any], key: Any, value: Any) -> None:
    with _lock:
        entries.pop(key, None)
        while entries and len(entries) >= MAX_ROUTES:
            del entries[next(iter(entries))]
        entries[key] = value


def _recall(entries: dict[Any, Any], key: Any) -> Any:
    """The entry for ``key`` (None if there is none), moved last: the most recently used is dropped last."""
    with _lock:
        found = entries.pop(key, None)
        if found is not None:
            entries[key] = found
        return found


def _is_known(address: tuple[str, str]) -> str | bool | None:
    """Whether an earlier request showed this address to be the catalogue's listing (the language it was served in)
    or another remembered view (False); None when it did not."""
    return _recall(_catalogue_addresses, address)


forget_with_labels(forget)


#: The routes remembered: (page class, name of its routable view). The catalogue's listing, the meeting
#: page's programme, which every attendee opens when a session starts, and a case page (issue 20.4).
REMEMBERED_VIEWS = ((CataloguePage, "index_route"), (MeetingPage, "meeting_route"), (UseCasePage, "index_route"))


def _is_remembered_view(route: Any) -> bool:
    """A route worth remembering: the catalogue's listing, a programme or a case page (``REMEMBERED_VIEWS``)."""
    if not isinstance(route, RouteResult):
        return False
    view = getattr(route.args[0] if route.args else None, "__name__", "")
    return any(isinstance(route.page, page_class) and view == name for page_class, name in REMEMBERED_VIEWS)


def _is_listing(route: RouteResult) -> bool:
    """The catalogue's listing itself (its search can be sent before routing), not a programme or a case page."""
    view = getattr(route.args[0] if route.args else None, "__name__", "")
    return isinstance(route.page, CataloguePage) and view == "index_route"


def _bound_to(page: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The routable view (``RoutablePageMixin.route`` binds it to the page it routed) bound to this request's copy."""
    view = args[0] if args else None
    if getattr(view, "__self__", None) is None:
        return args
    return (view.__func__.__get__(page, type(page)), *args[1:])


def _pristine(page: Any) -> Any:
    """A copy of the routed page with its fields only: without what its request cached or prefetched on it
    (the case's metadata, the meeting's sessions, Wagtail's cached properties), which each request builds again."""
    return fields_only(page)


class CatalogueRouteMiddleware:
    """Remembers Wagtail's routing of the catalogue's listing address (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        address = (request.get_host(), request.path_info)
        listing = _is_known(address)
        if listing is None:
            response = self.get_response(request)
            self._learn(request, response, address, None)
            return response
        # The catalogue's search leaves before the stamp is read; kept only if the stamp has not moved (search.ahead):
        # sent by the first middleware (CatalogueSearchFirstMiddleware), or here where that one is not installed.
        sent = request.__dict__.pop(SENT_FIRST, _NOT_TRIED)
        if sent is _NOT_TRIED:
            sent = send_ahead(request, _last_stamp[0]) if listing and _last_stamp else None
        stamp = current_stamp()
        _last_stamp[:] = [stamp]
        keep_if_current(request, sent, stamp)
        key = (stamp, get_language(), *address)
        found = _recall(_routes, key)
        if found is not None:
            page, args = found
            page = copy.copy(page)
            request._wagtail_route_for_request = RouteResult(page, args=_bound_to(page, args))  # type: ignore[attr-defined]
        try:
            with stamp_known(stamp):  # the results cache and the thesaurus check use it: no second read
                response = self.get_response(request)
        finally:
            drop_unread(request)  # the view took another way (a redirect, a log-in, an error)
        if found is None:
            self._learn(request, response, address, key)
        return response

    @staticmethod
    def _learn(request: HttpRequest, response: HttpResponse, address: tuple[str, str], key: Any) -> None:
        route = getattr(request, "_wagtail_route_for_request", None)
        if response.status_code != 200 or not _is_remembered_view(route):
            return
        if address not in _catalogue_addresses:
            _remember(_catalogue_addresses, address, (get_language() or "") if _is_listing(route) else False)
        if key is not None:  # older stamps' routes are never asked for again: they age out first
            _remember(_routes, key, (_pristine(route.page), route.args))


class CatalogueSearchFirstMiddleware:
    """Sends the search of a known catalogue address as the request's first work, before the other middlewares.

    Placed right after WhiteNoise: sessions, language, CSRF, authentication, two-factor, messages, redirects,
    the site and the page store took about half a millisecond before ``CatalogueRouteMiddleware`` could send
    the search; Elasticsearch now works meanwhile (issue 20.1). It is the very search that middleware would
    send (``search.ahead``: anonymous readers only, no database read), built under the stamp this process saw
    last and in the language the address was served in when it was learned (``i18n_patterns`` puts the
    language in the path); it is kept only if both still hold once the stamp is read and ``LocaleMiddleware``
    has chosen (``keep_if_current``), and closed unread otherwise. Not sent when the page store holds an
    answer for the address: that answer comes without a search.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = _listing_language(request)
        if found is None:
            return self.get_response(request)
        language, stamp = found
        with translation.override(language):
            # Tried once: what it gave (None too) is what CatalogueRouteMiddleware uses, without trying again.
            request.__dict__[SENT_FIRST] = None if page_store.holds(request) else send_ahead(request, stamp)
        try:
            return self.get_response(request)
        finally:
            unread = request.__dict__.pop(SENT_FIRST, None)  # answered before routing (the page store, a redirect)
            if unread is not None:
                unread.sent.abandon()


def _listing_language(request: HttpRequest) -> tuple[str, Any] | None:
    """(the language this address is served in, the stamp seen last) if it is the catalogue's listing and a stamp
    has been seen; None otherwise."""
    seen = _last_stamp[:1]
    if request.method != "GET" or not seen:
        return None
    try:
        address = (request.get_host(), request.path_info)
    except DisallowedHost:
        return None  # refused further on, as every request to a host not allowed
    language = _catalogue_addresses.get(address)
    return (language, seen[0]) if isinstance(language, str) and language else None
