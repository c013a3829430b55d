"""Site-wide response hardening: the Content-Security-Policy per area, Permissions-Policy, and the 503 page.

docs/SECURITY.md lists what each of these defends against and which test checks it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.ADMIN_PATH_PREFIXES))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with Wagtail's admin on its own, documented policy.

    The strict ``CONTENT_SECURITY_POLICY`` applies everywhere except under
    ``ADMIN_PATH_PREFIXES``, where ``ADMIN_CONTENT_SECURITY_POLICY`` allows
    what Wagtail's editor still needs (settings/base.py says what and why).
    A view that sets its own policy (``@csp_override``) keeps it.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        return parts


class PermissionsPolicyMiddleware:
    """Switch off browser features the site never uses (camera, microphone, location…)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def service_unavailable_response() -> HttpResponse:
    """The static "back in a moment" page: rendered without a request, so no context processor touches the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A friendly, translated 503 with ``Retry-After`` instead of a 500 when the database cannot be reached.

    Catches the errors Django raises when it cannot connect or loses the
    connection (``OperationalError``, ``InterfaceError``), from views and
    from template rendering. Other errors keep their usual 500 page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        # The exception text may hold the host and user name: logged, never shown.
        logger.error("Database unavailable while serving %s %s", request.method, request.path, exc_info=exception)
        return service_unavailable_response()
