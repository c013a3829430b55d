"""``?lang=``: the language of the names in an API answer or export (taxonomy names, choice labels).

Without it the answer is in the language the request negotiated (English unless the
caller's Accept-Language asks for another of the site's languages). A value that is not
one of the site's languages is refused with 400, like every other bad parameter of the API.
Exports are streamed after the view returns, so their chunks are produced inside the
language too (``speaking``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import translation

from .params import BadRequest

LANG_KEY = "lang"


def api_languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def requested_language(params: QueryDict) -> str | None:
    """The language ``?lang=`` asks for, ``None`` when absent or empty, or ``BadRequest``."""
    values = params.getlist(LANG_KEY)
    if not values or values == [""]:
        return None
    if len(values) > 1 or values[0] not in api_languages():
        raise BadRequest("lang must be one of: %s." % ", ".join(api_languages()))
    return values[0]


def with_language(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run an API view in the language of ``?lang=`` (its streamed exports too)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        language = requested_language(request.GET)
        if language is None:
            return view(request, *args, **kwargs)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        if getattr(response, "streaming", False):
            response.streaming_content = speaking(response.streaming_content, language)
        return response

    return wrapped


def speaking(parts: Iterable[bytes], language: str) -> Iterator[bytes]:
    """The chunks of a streamed answer, each produced with ``language`` active."""
    iterator = iter(parts)
    while True:
        with translation.override(language):
            try:
                part = next(iterator)
            except StopIteration:
                return
        yield part
