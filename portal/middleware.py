"""Site-wide response hardening: the Content-Security-Policy per area, Permissions-Policy, and the 503 page.

docs/SECURITY.md lists what each of these defends against and which test checks it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
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

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """The policy of a response nothing changed is the same every time: made once per settings, not per response.

        django-csp builds the header from the settings on every response (dataclass copies, sorting: ~0.1 ms,
        on every page's critical path). A response without a view's override (``@csp_override``/``_update``/
        ``_replace``, for either header), without a nonce asked for, outside the admin's paths and not a debug
        error page, gets the header django-csp would build for it, remembered; anything else goes through it.
        """
        if not _is_plain(request, response):
            return super().process_response(request, response)
        for header, setting, exempt in _HEADERS:
            policy = _plain_policy(setting)
            excluded = request.path_info.startswith(_excluded_prefixes(setting))
            if policy and header not in response and not getattr(response, exempt, False) and not excluded:
                response[header] = policy
        # As django-csp: once the header is written, asking for a nonce is an error, not a silently unused nonce.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


#: (header, its setting, the response attribute exempting a response from it): django-csp's two headers.
_HEADERS = (
    (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt"),
    (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro"),
)
_OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
#: setting name → (the settings' dict it was built from, the header); rebuilt when the setting is another object.
_built: dict[str, tuple[object, str]] = {}


def _is_plain(request: HttpRequest, response: HttpResponseBase) -> bool:
    if settings.DEBUG and response.status_code in (500, 404):
        return False  # django-csp leaves the debug pages alone
    if getattr(request, "_csp_nonce", None) is not None or is_admin_path(request.path_info):
        return False
    return not any(getattr(response, name, None) is not None for name in _OVERRIDES)


def _plain_policy(setting: str) -> str:
    config = getattr(settings, setting, None)
    built = _built.get(setting)
    if built is None or built[0] is not config:
        built = (config, build_policy(report_only=setting.endswith("_REPORT_ONLY")))
        _built[setting] = built
    return built[1]


def _excluded_prefixes(setting: str) -> tuple[str, ...]:
    return tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ())


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
