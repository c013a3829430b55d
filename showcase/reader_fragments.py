"""Rendered parts of a case page kept for every reader who would see the same thing (issue 20: signed-in CPU).

The anonymous answer of a whole page is kept by ``showcase.page_store``; a signed-in reader's page
cannot be (its header holds their name, sign-out form and CSRF token). But the case itself, and the
related cases found for it, are the same for every reader of the same audience. What such a
fragment holds depends only on:

- the catalogue's change stamp (``CatalogueStamp``), bumped in the transaction of every page
  save, publish, unpublish, move, view-restriction, taxonomy or tag change and when the search
  index has followed, and the taxonomy names' generation: the same pieces as the catalogue's results
  cache (``showcase.search.results_cache``);
- the page version in hand (id, latest revision, last publication, live): a page object loaded
  before a publish is rendered under its own key, never under the new version's;
- who reads, as the audience tokens every search filters on (``user_audience``: anonymous,
  signed in, each group; a superuser sees everything); never the person;
- the language, the time zone, the day (a case past its review date says so) and the host;
- whatever else the fragment's tag names after ``by`` (the meeting programme: the visitor's time zone);
- nothing more for a fragment that shows pictures (the head's sharing image, the gallery): the pictures'
  rows are the page's own (written only when it is saved or published), and every save or deletion of an
  image (a new file, a focal point, a collection) bumps the stamp (``showcase.stamp_signals``). They were
  read per request until both were true; that read was a third of the key's cost (issue 20.4).

Never stored: previews (Wagtail's preview, a submitter's draft, a revision) and pages that are not
live. A fragment must not contain anything of one person (name, CSRF token, their own links): the
case page leaves its header and the register-export links outside. Its public review and its
corrections and replies are kept too: every save or deletion of moderation's ``Assessment`` and
``ProblemReport`` bumps the stamp (``moderation/apps.py``, ``follow_model``).
Wagtail's routing checks the page's view restrictions before the template runs, so a fragment is
only ever shown to a reader the page admitted.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from django.utils import timezone, translation

from .review_dates import today
from .search.audience import user_audience
from .search.stamp import stamp_now
from .search.taxonomy_names import labels_generation

ALIAS = "reader_fragments"


def store() -> BaseCache | None:
    """The bounded cache alias, or None where the settings define none (nothing is kept)."""
    return caches[ALIAS] if ALIAS in settings.CACHES else None


def _reader_parts(request: HttpRequest) -> tuple[Any, ...]:
    """What every fragment of this request is keyed by, read once per request (the stamp first)."""
    parts = getattr(request, "_reader_fragment_parts", None)
    if parts is None:
        stamp = stamp_now()
        audience = user_audience(getattr(request, "user", None))
        parts = (
            stamp,
            labels_generation(stamp),
            "*" if audience is None else tuple(sorted(audience)),
            translation.get_language(),
            timezone.get_current_timezone_name(),
            today().isoformat(),
            request.get_host(),
        )
        request._reader_fragment_parts = parts  # type: ignore[attr-defined]
    return parts


def is_storable(request: HttpRequest | None, page: Any) -> bool:
    """Only a live page as Wagtail serves it: never a preview, a draft or a revision."""
    if request is None or page is None or not getattr(page, "pk", None):
        return False
    if getattr(request, "is_preview", False) or not getattr(page, "live", False):
        return False
    return request.method in ("GET", "HEAD")


def fragment_key(name: str, request: HttpRequest | None, page: Any, *, by: Any = None) -> str | None:
    """The key of fragment ``name`` of ``page`` for this request's reader, or None: render, do not keep.

    ``by``: what else the fragment shows that is not in the key already (the programme's visitor time zone).
    """
    if not is_storable(request, page):
        return None
    version = (page.pk, page.latest_revision_id, page.last_published_at, page.live)
    parts = (name, version, _reader_parts(request), by)
    return "fragment:" + hashlib.sha256(repr(parts).encode()).hexdigest()
