"""The current page in each interface language, for the language switcher and hreflang links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
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
        # translate_url resolves in the active language, which is the path's own.
        path = translate_url(request.path, code)
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
