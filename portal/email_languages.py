"""The language an e-mail is written in: the first candidate the site offers, else the site's own."""

from __future__ import annotations

from django.conf import settings


def offered_language(*candidates: str | None) -> str:
    """The first of ``candidates`` that is one of ``settings.LANGUAGES``, else ``LANGUAGE_CODE``."""
    offered = dict(settings.LANGUAGES)
    return next((candidate for candidate in candidates if candidate in offered), settings.LANGUAGE_CODE)
