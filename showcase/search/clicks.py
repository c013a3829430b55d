"""Which searches led somewhere: a signed reference on result links, counted when a case is opened.

The catalogue's result links carry ``?from=<token>``: the id of the day's
``QueryOutcome`` row (one query, one day, one set of filters) signed with the
site's secret. The token names a search, never a searcher — everyone who asks
the same question on the same day gets the same token, and nothing about the
visitor is in it or stored by it. Opening a case with a valid token adds one to
``opened`` of that row (one UPDATE); a forged, malformed or stale token (its row
older than ``OPEN_WINDOW_DAYS`` or pruned) changes nothing and is not reported.
The case page then redirects to its own address without the parameter
(``showcase.wagtail_hooks``), so the page itself never varies with it: it stays
cacheable, bookmarks and shared links are clean and do not count again.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db.models import F
from django.utils import timezone

from ..models import QueryOutcome

PARAMETER = "from"
SALT = "showcase.search.opened"
#: A search late in the evening may be opened after midnight; older tokens count nothing.
OPEN_WINDOW_DAYS = 1
#: A real token is a short number, a colon and a 43-character signature.
MAX_TOKEN_LENGTH = 80


def click_token(outcome_pk: int) -> str:
    """The signed reference of one logged search (query, day, filters) for result links."""
    return signing.Signer(salt=SALT).sign(str(outcome_pk))


def outcome_from_token(token: str) -> int | None:
    """The outcome row a genuine token names, or None for anything else."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isascii() and value.isdigit() else None


def record_open(token: str) -> bool:
    """Count one opened result for the search the token names; False (and nothing written) if it is not genuine."""
    pk = outcome_from_token(token)
    if pk is None:
        return False
    cutoff = timezone.localdate() - timedelta(days=OPEN_WINDOW_DAYS)
    return bool(QueryOutcome.objects.filter(pk=pk, date__gte=cutoff).update(opened=F("opened") + 1))
