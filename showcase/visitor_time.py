"""The visitor's time zone: chosen in a form that needs no JavaScript, remembered in a cookie.

``?tz=<IANA name>`` on a meeting page or the home page shows the times in that zone and
remembers the choice (a cookie); later visits read the cookie. A name that is not a known
zone (``showcase.time_zones``) is ignored, whether it comes from the query or the cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.forms.utils import flatatt
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .time_zones import is_zone_name, zone_names

COOKIE = "tz"
PARAMETER = "tz"
ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=1)
def _zone_options() -> dict[str, str]:
    """Each known zone's ``<option>``, escaped once per process (about 600 of them)."""
    return {name: format_html('<option value="{}">{}</option>', name, name.replace("_", " ")) for name in zone_names()}


class ZoneSelect(forms.Select):
    """Django's ``<select>`` of the zones, without a template rendering per option.

    The programme and the home page show it on every request; Django's widget renders each of the
    ~600 options through a template include, which was most of the meeting page's time (issue 20.4).
    """

    def use_required_attribute(self, initial: Any) -> bool:
        # Django's answer finds the first choice through the ~600 normalised ones (0.9 ms a render); the first is a
        # zone, never an empty value, so Django's answer is always False too (tests/showcase/test_visitor_time.py).
        return False

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = str(value[0] if isinstance(value, list | tuple) and value else value or "")
        final = self.build_attrs(self.attrs, attrs)
        try:
            return _rendered_select(name, chosen, tuple(final.items()))
        except TypeError:  # an attribute value that cannot be a cache key: render it as it is
            return _rendered_select.__wrapped__(name, chosen, tuple(final.items()))


@lru_cache(maxsize=64)
def _rendered_select(name: str, chosen: str, attrs: tuple[tuple[str, Any], ...]) -> SafeString:
    """The whole ``<select>`` for one chosen zone: the same string every time (zones and attributes only, no words
    of any language), so each process joins the ~600 options once per zone visitors chose (issue 20.4)."""
    options = _zone_options()
    selected = format_html('<option value="{}" selected>{}</option>', chosen, chosen.replace("_", " "))
    body = "\n".join(selected if zone == chosen else option for zone, option in options.items())
    return format_html('<select name="{}"{}>\n{}\n</select>', name, flatatt(dict(attrs)),
                       mark_safe(body))  # noqa: S308 - every option escaped by format_html above


@lru_cache(maxsize=1)
def _zone_choices() -> tuple[tuple[str, str], ...]:
    return tuple((name, name.replace("_", " ")) for name in zone_names())


class TimeZoneForm(forms.Form):
    # A callable: Django normalises the ~600 choices only if something asks for them (validation), not per form.
    tz = forms.ChoiceField(label=_("Show the times in"), choices=_zone_choices, widget=ZoneSelect)


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
