"""The catalogue stamp read once per page request, and Wagtail's site and route remembered under it per process.

Wagtail finds the site of every page it serves (``Site.find_for_request``) with one annotated
query by hostname and port, the costliest statement of a signed-in case page (a py-spy profile
of the session-start rush, issue 20: 5 % of gunicorn's CPU). Sites change a few times in a
deployment's life, and every change of a site or a page moves the catalogue's change stamp in
its own transaction (``showcase.stamp_signals``). So before Wagtail serves a page, this
middleware reads the stamp (one primary-key read, or none when an earlier middleware read it for
this request) and hands Wagtail the site found before under the same stamp, host and port,
through the per-request attribute Wagtail itself caches it in (``request._wagtail_site``).

The stamp is read *before* the view reads anything: a site found from older data is never stored
under a newer stamp. It is also kept for the rest of the request (``showcase.search.stamp``), so the
HTTP validators, the results cache and the readers' fragments use it instead of reading it again.
Only for ``GET``/``HEAD`` of Wagtail's page view: a request that writes could change what it then
reads, which must not be looked up under the stamp from before; other views (media, the API, the
wizard) need no site, and would only pay the stamp's read.

Wagtail's routing of the address is remembered the same way: walking the page tree from the site's
root (the root's specific page, each child by slug, its specific page: four statements for a case
page, the widest rows of a request) gives the same page for the same stamp, language, host and path.
What is remembered is the page's class, its id and the route's arguments, never the page object:
each request loads its own page (one statement, what Wagtail's ``specific`` sends) and a routable
page's view is bound to that page. Only a route that answered 200 is remembered; Wagtail's
view-restriction check (``before_serve_page``) still runs on every request, against the database.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponseBase
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from .models import view_restrictions
from .search.stamp import forget_stamp, keep_stamp, known_stamp, stamp_now
from .search.taxonomy_names import forget_with_labels

#: At most this many remembered (stamp, host, port) sites; a handful of hosts in practice.
MAX_SITES = 64
#: At most this many remembered routes (stamp, language, host, path): the pages readers open between two changes.
MAX_ROUTES = 2000

_sites: dict[tuple[Any, ...], Site | None] = {}
#: (stamp, language, host, port, path) → (specific page class, page id, view function or None, args, kwargs).
_routes: dict[tuple[Any, ...], tuple[type[Page], int, Any, tuple[Any, ...], dict[str, Any]]] = {}


def forget() -> None:
    """Drop every remembered site and route of this process (tests reset them before each test)."""
    _sites.clear()
    _routes.clear()


forget_with_labels(forget)
forget_with_labels(view_restrictions.forget)  # remembered while a page request holds its stamp (set below)


def _host_and_port(request: HttpRequest) -> tuple[str, str]:
    # The same hostname and port Wagtail's Site._find_for_request takes (raw host: no ALLOWED_HOSTS check here).
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def _site_for(request: HttpRequest, stamp: Any) -> Site | None:
    key = (stamp, *_host_and_port(request))
    try:
        site = _sites[key]
    except KeyError:
        site = Site._find_for_request(request)
        if len(_sites) >= MAX_SITES:
            _sites.clear()  # older stamps' sites are never asked for again
        _sites[key] = site
    return copy.copy(site)  # each request its own object: a view may set attributes on it


def _remembered_route(key: tuple[Any, ...]) -> RouteResult | None:
    remembered = _routes.get(key)
    if remembered is None:
        return None
    model, page_id, view, args, kwargs = remembered
    page = model._default_manager.filter(pk=page_id, live=True).first()
    if page is None:  # unpublished or deleted since (the stamp moved too: only a race gets here)
        return None
    if view is None:
        return RouteResult(page, args=list(args), kwargs=dict(kwargs))
    # A routable page's sub-route: its view method bound to this request's page, as Wagtail's resolve_subpage does.
    return RouteResult(page, args=(view.__get__(page, type(page)), list(args), dict(kwargs)))


def _learn_route(key: tuple[Any, ...], route: Any) -> None:
    if not isinstance(route, RouteResult) or not isinstance(route.page, Page) or route.page.pk is None:
        return
    view, args, kwargs = None, tuple(route.args), dict(route.kwargs)
    if route.args and callable(route.args[0]):  # RoutablePageMixin: (bound view, args, kwargs)
        bound, sub_args, sub_kwargs = route.args
        view, args, kwargs = getattr(bound, "__func__", None), tuple(sub_args), dict(sub_kwargs)
        if view is None or route.kwargs:
            return
    if len(_routes) >= MAX_ROUTES:
        _routes.clear()  # older stamps' routes are never asked for again
    _routes[key] = (type(route.page), route.page.pk, view, args, kwargs)


class RequestSiteMiddleware:
    """Reads the catalogue stamp once and gives Wagtail the site and route remembered under it (module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            response = self.get_response(request)
            route_key = request.__dict__.pop("_route_key", None)
            if route_key is not None and response.status_code == 200:
                _learn_route(route_key, getattr(request, "_wagtail_route_for_request", None))
            return response
        finally:
            token = request.__dict__.pop("_request_stamp_token", None)
            if token is not None:
                forget_stamp(token)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], *args: Any) -> None:
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        try:
            self._remember(request)
        except (OperationalError, InterfaceError):
            # The database is unreachable: Wagtail's view meets it again, where portal's middleware turns it into
            # the friendly 503 (an error in process_view would bypass process_exception and give a bare 500).
            pass
        return None

    @staticmethod
    def _remember(request: HttpRequest) -> None:
        known = known_stamp()  # showcase.catalogue_route read it for this request (and forgets it on its way out)
        stamp = known if known is not None else stamp_now()
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = _site_for(request, stamp)  # type: ignore[attr-defined]
        if not hasattr(request, "_wagtail_route_for_request"):  # (showcase.catalogue_route gives the catalogue's)
            key = (stamp, get_language(), *_host_and_port(request), request.path_info)
            route = _remembered_route(key)
            if route is not None:
                request._wagtail_route_for_request = route  # type: ignore[attr-defined]
            else:
                request._route_key = key  # type: ignore[attr-defined]  (learnt on the way out, after a 200)
        if known is None:
            # Forgotten in __call__ on the way out, after every inner middleware: the stamp never outlives its request.
            request._request_stamp_token = keep_stamp(stamp)  # type: ignore[attr-defined]
