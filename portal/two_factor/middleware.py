"""Enforce the second factor (after django-otp's ``OTPMiddleware`` has set ``request.user.is_verified``).

- A signed-in person with a confirmed device whose session has not given a
  code goes to the code page, from every page but the few below: the
  password alone is half a sign-in.
- Staff (``devices.is_required``) without a confirmed device reach nothing
  in the admin, and no document, but the set-up page.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import devices

#: Where a half-signed-in person may still go: the two-factor pages, signing out, the language switcher.
OPEN_VIEWS = frozenset(
    {
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "accounts:two_factor_recover",
        "accounts:logout",
        "set_language",
        "healthz",
    }
)
#: Paths staff cannot open without a confirmed device (the admin, and documents: they are staff-only).
STAFF_PREFIXES = (*settings.ADMIN_PATH_PREFIXES, "/documents/")
ADMIN_LOGOUT = "/admin/logout/"


def _is_open(path: str) -> bool:
    if path == ADMIN_LOGOUT or path.startswith(settings.STATIC_URL):
        return True
    try:
        return resolve(path).view_name in OPEN_VIEWS
    except Resolver404:
        return False


def _has_second_factor(user) -> bool:
    """From the user row already loaded (``has_second_factor``, kept by ``device_flag``): no device query for
    attendees and submitters. Staff accounts are also looked up in the device tables, belt and braces:
    theirs is the account whose second factor matters most, and they are few."""
    if user.has_second_factor:
        return True
    return (user.is_staff or user.is_superuser) and devices.is_enabled(user)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # Nobody is signed in without a session; reading request.user would load an empty session and
            # add "Vary: Cookie", making the public pages and feeds uncacheable for everybody.
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and not user.is_verified():
            path = request.path_info
            if _has_second_factor(user) and not _is_open(path):
                return self._to("accounts:two_factor_verify", request)
            if path.startswith(STAFF_PREFIXES) and not _is_open(path) and devices.is_required(user):
                return self._to("accounts:two_factor_setup", request)
        return self.get_response(request)

    @staticmethod
    def _to(view_name: str, request: HttpRequest) -> HttpResponseBase:
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(f"{reverse(view_name)}?{query}" if query else reverse(view_name))
