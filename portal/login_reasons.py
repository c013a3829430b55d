"""Why the log-in page was shown: a visitor sent there from a page should read why, not just a form.

An anonymous visitor who opens a case shared with registered attendees only (by its address or its
permanent number) is sent to log in by Wagtail's view restriction; without a word, the form looks like
an error. The reason is worked out from the safe ``next`` address alone, so it tells nothing the
address did not: not whether the case exists, nor its title.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils import translation
from django.utils.translation import gettext

from showcase.models import public_catalogue


def _without_language(path: str) -> str:
    """``/fr/cases/x/`` → ``/cases/x/``: the catalogue's address is compared in the default language."""
    language = translation.get_language_from_path(path)
    return path[len(language) + 1 :] if language and path.startswith(f"/{language}/") else path


def login_reason(next_url: str) -> str:
    """The sentence above the log-in form for a visitor on their way to ``next_url`` (already checked safe), or ""."""
    if not next_url:
        return ""
    catalogue = public_catalogue()
    catalogue_url = catalogue.get_url(None) if catalogue is not None else None
    catalogue_path = _without_language(catalogue_url) if catalogue_url and catalogue_url.startswith("/") else None
    path = _without_language(urlsplit(next_url).path)
    if catalogue_path and path.startswith(catalogue_path) and path != catalogue_path:
        return gettext(
            "Some use cases are shared with the registered attendees of the meeting only. "
            "Log in with your attendee account to read this one."
        )
    return gettext("Log in to continue to the page you asked for.")
