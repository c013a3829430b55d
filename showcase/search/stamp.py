"""The catalogue's change stamp as read at the start of this request, for the memos that can trust it.

``showcase.catalogue_route`` reads the stamp (``CatalogueStamp``) before routing a catalogue
request and keeps it here for the request's duration; the results cache's key and the thesaurus's
freshness check then use it instead of reading the database again. Read before anything else
of the request, it can only be older than the data the request reads afterwards, never newer:
what is stored under it is at least as fresh as it says.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from ..models.catalogue_stamp import REQUEST_STAMP, current_stamp

Stamp = tuple[int, datetime | None]

_known = REQUEST_STAMP


@contextmanager
def stamp_known(stamp: Stamp) -> Iterator[None]:
    token = _known.set(stamp)
    try:
        yield
    finally:
        _known.reset(token)


def keep_stamp(stamp: Stamp) -> contextvars.Token:
    """Keep ``stamp`` from now on in this request (for a middleware's ``process_view``); ``forget_stamp`` after."""
    return _known.set(stamp)


def forget_stamp(token: contextvars.Token) -> None:
    _known.reset(token)


def known_stamp() -> Stamp | None:
    """The stamp this request read first, or None outside a catalogue request."""
    return _known.get()


def stamp_now() -> Stamp:
    """The stamp this request read first, else the database's now."""
    known = _known.get()
    return known if known is not None else current_stamp()
