"""A page's parent (a case's catalogue), remembered per catalogue stamp while a page request is served.

A signed-in reader's case page read its catalogue (the parent, then its specific row: two statements)
on every request, for the kicker, the facet links and the permanent address, although most of the page
comes from the readers' fragments (issue 20.4). The parent changes only by a page save, publish, move or
deletion, each of which moves the catalogue stamp in its own transaction (``showcase.stamp_signals``).

So while a request holds the stamp it read first (``catalogue_stamp.REQUEST_STAMP``, page requests only:
``showcase.request_site``), the parent is read once per stamp and parent path; each request gets its own
copy with the fields only (nothing another request cached on it). Outside a page request (the admin,
previews, moderation) the parent is read from the database as before.
"""

from __future__ import annotations

import copy
from typing import Any

from wagtail.models import Page

from .catalogue_stamp import REQUEST_STAMP
from ..stamp_memo import StampMemo

#: (stamp, parent path) -> the parent, fields only; at most 256: a handful of catalogues between two changes.
_remembered = StampMemo(max_entries=256)


def specific_parent(page: Page) -> Page | None:
    """``page.get_parent().specific``, remembered per stamp during a page request (module docstring)."""
    stamp = REQUEST_STAMP.get()
    if stamp is None or not page.pk or page.depth <= 1:
        parent = page.get_parent()
        return parent.specific if parent is not None else None
    kept = _remembered.get_or_read((stamp, page.path[: -page.steplen]), lambda: fields_only(page.get_parent().specific))
    return fields_only(kept)


def fields_only(page: Page) -> Page:
    """A copy with its fields only: nothing a request cached or prefetched on it travels to another."""
    page = copy.copy(page)
    kept = {field.attname for field in page._meta.concrete_fields} | {"_state"}
    for name in [name for name in page.__dict__ if name not in kept]:
        del page.__dict__[name]
    return page
