"""Wagtail's routing of the catalogue's own address, remembered per process until the catalogue changes.

Every catalogue request used to find its site by hostname, load the root page, its specific
page, the catalogue child and its specific page (five statements) before the search began.
This middleware remembers, per address (host, path with its language prefix) and per value of
the catalogue's change stamp (``CatalogueStamp``, one primary-key read), the route result Wagtail
found, and hands it to Wagtail's ``Page.route_for_request`` through the per-request attribute
Wagtail itself caches it in (``request._wagtail_route_for_request``). Every other page's route is
remembered by ``showcase.request_site`` (which also gives the site, here too), by page id; the
catalogue keeps its page object, the busiest address spared one more statement.

Safe because the stamp moves in the transaction of every page save, publish, unpublish,
delete or move and of every site change (``showcase.stamp_signals``), and it is read *before*
the request is routed: a route found from older data is never stored under a newer stamp.
Only the catalogue's listing route is remembered, only after a 200, and only for addresses a
previous request showed to be the catalogue (others never pay the stamp read). Each request gets
its own copy of the page. Wagtail's view-restriction check (``before_serve_page``) still runs on
every request, against the database: a restriction added is obeyed by the next request.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from wagtail.url_routing import RouteResult

from .models import CataloguePage
from .search.stamp import stamp_known, stamp_now
from .search.taxonomy_names import forget_with_labels

#: At most this many remembered (stamp, address) routes; a handful of languages and hosts in practice.
MAX_ROUTES = 64

_catalogue_addresses: set[tuple[str, str]] = set()
_routes: dict[tuple[Any, ...], tuple[CataloguePage, tuple[Any, ...]]] = {}


def forget() -> None:
    """Drop every remembered route of this process (tests)."""
    _catalogue_addresses.clear()
    _routes.clear()


forget_with_labels(forget)


def _is_catalogue_listing(route: Any) -> bool:
    if not isinstance(route, RouteResult) or not isinstance(route.page, CataloguePage):
        return False
    view = route.args[0] if route.args else None
    return getattr(view, "__name__", "") == "index_route"


class CatalogueRouteMiddleware:
    """Remembers Wagtail's routing of the catalogue's listing address (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        address = (request.get_host(), request.path_info)
        if address not in _catalogue_addresses:
            response = self.get_response(request)
            self._learn(request, response, address, None)
            return response
        stamp = stamp_now()  # this request's first read; showcase.request_site then takes it (and gives the site)
        key = (stamp, get_language(), *address)
        found = _routes.get(key)
        if found is not None:
            page, args = found
            request._wagtail_route_for_request = RouteResult(copy.copy(page), args=args)  # type: ignore[attr-defined]
        with stamp_known(stamp):  # the results cache and the thesaurus check use it: no second read
            response = self.get_response(request)
        if found is None:
            self._learn(request, response, address, key)
        return response

    @staticmethod
    def _learn(request: HttpRequest, response: HttpResponse, address: tuple[str, str], key: Any) -> None:
        route = getattr(request, "_wagtail_route_for_request", None)
        if response.status_code != 200 or not _is_catalogue_listing(route):
            return
        if len(_catalogue_addresses) < MAX_ROUTES:
            _catalogue_addresses.add(address)
        if key is not None:
            if len(_routes) >= MAX_ROUTES:
                _routes.clear()  # older stamps' routes are never asked for again
            _routes[key] = (copy.copy(route.page), route.args)
