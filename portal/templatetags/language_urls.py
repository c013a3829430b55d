"""The current page in each interface language, for the language switcher and hreflang links."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str  # as LANGUAGES spells it: in the language itself, as its readers look for it
    path: str
    url: str  # the path with the query string: the same search, filters and page
    absolute_url: str
    bidi: bool
    current: bool


@lru_cache(maxsize=4096)
def _translated(path: str, current: str, code: str) -> str:
    """``translate_url``, remembered: it resolves and reverses the address (a tenth of a page's time in the rush),
    and its answer depends only on the URL configuration, fixed for the process, and the active language,
    which is the path's own (hence part of the key). Bounded: any address can be asked for."""
    return translate_url(path, code)


@receiver(setting_changed)
def _forget_translated(setting: str, **_kwargs: Any) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):  # tests that swap them
        _translated.cache_clear()


@register.simple_tag(takes_context=True)
def language_versions(context: dict[str, Any]) -> list[LanguageVersion]:
    """This page's address in every language of LANGUAGES (same page, other prefix).

    Empty when the page has no language versions (an address outside the
    prefixed patterns, or one that does not resolve).
    """
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language() or settings.LANGUAGE_CODE
    query = request.META.get("QUERY_STRING", "")
    versions = []
    for code, name in settings.LANGUAGES:
        path = _translated(request.path, current, code)
        if code != current and path == request.path:
            return []
        info = translation.get_language_info(code)
        versions.append(
            LanguageVersion(
                code=code,
                name=str(name),
                path=path,
                url=f"{path}?{query}" if query else path,
                absolute_url=request.build_absolute_uri(path),
                bidi=info["bidi"],
                current=code == current,
            )
        )
    return versions
