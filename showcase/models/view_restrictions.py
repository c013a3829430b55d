"""A page's view restrictions, remembered per catalogue stamp while a page request is served.

Every page request checks the restrictions of the page and its ancestors twice (Wagtail's
``check_view_restrictions`` and ``showcase.wagtail_hooks``' attendees-only explanation), each time
with two statements (the ancestors' alias links, the restrictions), and a group restriction reads
its groups once more per check: up to six statements on every case page, the same answer each
time until a restriction, its groups or the page tree changes — each of which moves the catalogue
stamp in its own transaction (``showcase.stamp_signals``).

So while a request holds the stamp it read first (``catalogue_stamp.REQUEST_STAMP``, kept by
``showcase.search.stamp``: page requests, see ``showcase.request_site``), the restrictions (with their
groups) are read once per stamp and page and returned as a query set already evaluated: iterating it
and ``exists()`` use the remembered rows; any further filtering or ordering is a new query, against the
database. Outside a page request (the admin's privacy dialog, moderation, copying pages) nothing is remembered.
Whether *this* visitor passes is still decided per request (``accept_request``: the session, the
user and their groups).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail.models import PageViewRestriction

from .catalogue_stamp import REQUEST_STAMP
from ..stamp_memo import StampMemo

#: (stamp, page pk) -> its restriction rows; at most 5000: the pages readers open between two changes.
_remembered = StampMemo(max_entries=5000)


class RememberedViewRestrictions:
    """Page mixin: ``get_view_restrictions`` remembered per stamp during a page request (module docstring)."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        stamp = REQUEST_STAMP.get()
        if stamp is None or self.pk is None:
            return super().get_view_restrictions()  # type: ignore[misc]
        read = super().get_view_restrictions  # type: ignore[misc]
        return _remembered.get_or_read((stamp, self.pk), lambda: _evaluated(list(read().prefetch_related("groups"))))


def _evaluated(rows: list[PageViewRestriction]) -> QuerySet[PageViewRestriction]:
    """``rows`` as a query set already evaluated, shared by the requests of one stamp: iterating it, len() and
    exists() read Django's own cache of it without changing it; filtering or ordering it is a clone, which queries.
    (Made once per stamp and page: building a filtered query set cost ~0.1 ms, twice a request.)"""
    evaluated = PageViewRestriction.objects.filter(pk__in=[row.pk for row in rows])
    evaluated._result_cache = rows
    evaluated._prefetch_done = True
    return evaluated
