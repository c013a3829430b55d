"""The visitor's time zone: chosen in a form that needs no JavaScript, remembered in a cookie.

``?tz=<IANA name>`` on a meeting page or the home page shows the times in that zone and
remembers the choice (a cookie); later visits read the cookie. A name that is not a known
zone (``showcase.time_zones``) is ignored, whether it comes from the query or the cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .time_zones import is_zone_name, zone_names

COOKIE = "tz"
PARAMETER = "tz"
ONE_YEAR = 365 * 24 * 3600


class TimeZoneForm(forms.Form):
    tz = forms.ChoiceField(label=_("Show the times in"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tz"].choices = [(name, name.replace("_", " ")) for name in zone_names()]


@dataclass(frozen=True)
class VisitorZone:
    name: str
    chosen_now: bool = False  # from the query string this time: remember it
    refused: bool = False  # the query named no known zone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.name)

    def form(self) -> TimeZoneForm:
        return TimeZoneForm(initial={"tz": self.name})

    def at(self, moment: datetime | None) -> datetime | None:
        return moment.astimezone(self.zone) if moment else None


def visitor_zone(request: HttpRequest, default: str) -> VisitorZone:
    """The zone to show times in: the one chosen now, else the remembered one, else ``default``."""
    asked = request.GET.get(PARAMETER)
    if asked is not None:
        if is_zone_name(asked):
            return VisitorZone(asked, chosen_now=True)
        return VisitorZone(_remembered(request) or default, refused=True)
    return VisitorZone(_remembered(request) or default)


def _remembered(request: HttpRequest) -> str | None:
    value = request.COOKIES.get(COOKIE)
    return value if is_zone_name(value) else None


def remember(response: HttpResponse, request: HttpRequest, choice: VisitorZone) -> HttpResponse:
    """Keep a zone chosen now for later visits; the answer depends on the cookie, so caches must know."""
    if choice.chosen_now:
        response.set_cookie(COOKIE, choice.name, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure(), httponly=True)
    response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Cookie"]))
    return response
