"""Time zones by IANA name (``zoneinfo``): validation, and the list a visitor chooses from.

A name comes from an editor (a meeting's zone) or from a visitor (a form, a cookie), so it
is checked against the names the system's tz database knows before ``ZoneInfo`` sees it:
``ZoneInfo`` would otherwise read files for a name like ``../../etc/passwd``.
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

UTC = "UTC"


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name known here, sorted (the legacy aliases like "US/Eastern" left out)."""
    names = {name for name in available_timezones() if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))}
    return tuple(sorted(names | {UTC}))


def is_zone_name(value: object) -> bool:
    return isinstance(value, str) and len(value) <= 64 and value in zone_names()


def validate_time_zone(value: str) -> None:
    if not is_zone_name(value):
        raise ValidationError(_("Choose a time zone by its IANA name, e.g. Europe/Vienna."), code="invalid_time_zone")


def zone_or_utc(name: str | None) -> ZoneInfo:
    """The zone called ``name``, or UTC when the name is not a known zone."""
    return ZoneInfo(name if is_zone_name(name) else UTC)
