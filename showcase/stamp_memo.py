"""Values read once per catalogue stamp in this process: the one shape of every stamp-keyed memo.

A memo's keys begin with the catalogue stamp (``CatalogueStamp``) its caller read *before* reading the
rows the value comes from, and every change to those rows moves the stamp in its own transaction
(``showcase.stamp_signals``): so a value is never older than its key says, and a key of an older stamp
is never asked for again. Bounded: when a memo is full it is emptied (its older stamps' entries are dead).
``forget_all`` empties every memo (the test suite, through ``taxonomy_names.invalidate_labels``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_MISSING = object()
_memos: list[StampMemo] = []


class StampMemo:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._values: dict[Any, Any] = {}
        _memos.append(self)

    def get(self, key: Any) -> Any:
        """The value kept under ``key``, or None."""
        return self._values.get(key)

    def keep(self, key: Any, value: Any) -> None:
        if len(self._values) >= self.max_entries:
            self._values.clear()
        self._values[key] = value

    def get_or_read(self, key: Any, read: Callable[[], T]) -> T:
        """The value under ``key``; ``read()``'s, kept, the first time."""
        value = self._values.get(key, _MISSING)
        if value is _MISSING:
            value = read()
            self.keep(key, value)
        return value

    def forget(self) -> None:
        self._values.clear()


def forget_all() -> None:
    """Empty every stamp memo of this process."""
    for memo in _memos:
        memo.forget()
