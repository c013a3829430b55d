"""An anonymous reader's catalogue search, sent before the request is routed (issue 20.1).

Elasticsearch's work is the longest part of a catalogue page, and before it could start the page
used to read the catalogue's change stamp (a round trip to the database: 0.3–0.6 ms when its
process had been idle), route the request, run Wagtail's page hooks and the view. So
``showcase.catalogue_route`` sends the search of an address it knows to be the catalogue's listing
*first*, built with what this process holds for the stamp it saw last (the thesaurus, the typo
vocabulary, the taxonomy names, the results cache), and only then reads the stamp:

- the same stamp: nothing changed since those were current, so the search is exactly the one the
  view would build now; the view takes it (``take``) instead of sending its own;
- another stamp: the search is dropped unread and the view sends its own, as before.

Nothing may be read from the database before the stamp: a query during the speculation stops it
(``_NeedsTheDatabase``) and the view searches as usual. So it is only for a reader without a
session (anonymous: their audience needs no query), and never for an answer the results cache
holds or a question that is a case number (the view redirects those).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import get_language

from ..models.case_numbers import normalise_case_number
from . import elastic, results_cache
from .connection import elasticsearch_in_use, search_client
from .request import SearchRequest, request_from_params
from .stamp import Stamp, stamp_known

logger = logging.getLogger(__name__)

#: Where the search sent ahead waits for the view, on the request.
ATTRIBUTE = "_catalogue_search_ahead"


class _NeedsTheDatabase(Exception):
    """The speculation tried to read the database before the stamp was read: it stops there."""


def _no_database(*args: Any) -> Any:
    raise _NeedsTheDatabase


@dataclass
class SentAhead:
    search: SearchRequest
    stamp: Stamp
    sent: elastic.Sent
    #: The language active when it was built (``catalogue_route``'s first middleware activates the address's own).
    language: str | None = None


def send_ahead(request: HttpRequest, stamp: Stamp) -> SentAhead | None:
    """The catalogue search of ``request``'s query string, sent now under ``stamp``; None when it cannot be."""
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES or not elasticsearch_in_use():
        return None
    if normalise_case_number(request.GET.get("q", "")) is not None:
        return None
    try:
        with stamp_known(stamp), connection.execute_wrapper(_no_database):
            search = request_from_params(request.GET)
            if results_cache.lookup(search, None, None)[1] is not None:
                return None
            return SentAhead(search, stamp, elastic.Sent(search_client(), search, None), get_language())
    except _NeedsTheDatabase:
        return None
    except Exception:  # noqa: BLE001 - a speculation never fails a page: the view does the work again, and meets
        logger.warning("Catalogue search not sent ahead", exc_info=True)  # any error where it is handled
        return None


def keep_if_current(request: HttpRequest, ahead: SentAhead | None, stamp: Stamp) -> None:
    """Leave the search sent ahead for the view if the stamp just read, and the language the request is served in,
    are the ones it was built under."""
    if ahead is None:
        return
    if ahead.stamp != stamp or ahead.language != get_language():
        ahead.sent.abandon()  # built from what a change has since replaced, or in another language
        return
    setattr(request, ATTRIBUTE, ahead)


def take(request: HttpRequest | None, search: SearchRequest, user: Any) -> elastic.Sent | None:
    """The search sent ahead for this request, if it is ``search`` for an anonymous ``user``; dropped otherwise."""
    ahead: SentAhead | None = request.__dict__.pop(ATTRIBUTE, None) if request is not None else None
    if ahead is None:
        return None
    if (user is not None and user.is_authenticated) or ahead.search != search:
        ahead.sent.abandon()
        return None
    return ahead.sent


def drop_unread(request: HttpRequest) -> None:
    """Close the search sent ahead if the view did not take it (its answer would otherwise wait on its connection)."""
    ahead: SentAhead | None = request.__dict__.pop(ATTRIBUTE, None)
    if ahead is not None:
        ahead.sent.abandon()
