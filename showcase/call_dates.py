"""The live meetings' call dates, read once per catalogue stamp and process instead of on every wizard page.

Every wizard step page shows the call window (issue 20.4), which reads the live meetings' dates and their
last session's end. Those change only when a meeting page is published, unpublished, moved or deleted, or
a live one saved: each moves the catalogue stamp in the same transaction (``showcase.stamp_signals``; a
never-published meeting's draft does not, and is not live, so it is not read here either). Sessions are
the page's child rows, written by its publication.

Only the dates are kept: which meeting is current, and whether its call is open, is decided at the
moment of each request (``meetings.current_call_window``), so a call opens and closes on time. The caller
reads the stamp *before* the rows: rows read after it can only be newer than it says, never older.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .stamp_memo import StampMemo

#: stamp -> the rows; at most 16 stamps.
_remembered = StampMemo(max_entries=16)


def remembered_rows(stamp: Any, read: Callable[[], list[tuple[Any, ...]]]) -> tuple[tuple[Any, ...], ...]:
    """The rows ``read()`` gives, read once under ``stamp`` (the catalogue stamp the caller read first)."""
    return _remembered.get_or_read(stamp, lambda: tuple(read()))
