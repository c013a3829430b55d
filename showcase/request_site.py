"""The catalogue stamp read once per page request, and Wagtail's site remembered under it per process.

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

Routes are remembered by ``showcase.catalogue_route`` (the catalogue, programmes and case pages).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponseBase
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Site

from .search.stamp import forget_stamp, keep_stamp, known_stamp, stamp_now
from .search.taxonomy_names import forget_with_labels

#: At most this many remembered (stamp, host, port) sites; a handful of hosts in practice.
MAX_SITES = 64

_sites: dict[tuple[Any, ...], Site | None] = {}


def forget() -> None:
    """Drop every remembered site of this process (tests reset them before each test)."""
    _sites.clear()


forget_with_labels(forget)


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


class RequestSiteMiddleware:
    """Reads the catalogue stamp once and gives Wagtail the site remembered under it (module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            return self.get_response(request)
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
        if known is None:
            # Forgotten in __call__ on the way out, after every inner middleware: the stamp never outlives its request.
            request._request_stamp_token = keep_stamp(stamp)  # type: ignore[attr-defined]
