"""The taxonomy values a form offers, read once per catalogue stamp and process instead of once per page.

A wizard step lists up to five taxonomies (categories, crime areas, ...): five queries on every step
page a submitter opens, the same rows each time until an editor changes a value. Every save or
deletion of a taxonomy value moves the catalogue's change stamp in its own transaction
(``showcase.stamp_signals``: the admin's edit, create, delete and drag-to-reorder all end in a
model ``save()``/``delete()``), so the values offered (``TaxonomyQuerySet.offered_for``) are kept
here under (stamp, model, the values the answer already has) and read again once the stamp moves.

The stamp is read *before* the values (``StampOnce``, at the first list a page renders): values
read after it can only be newer than it says, never older. Only the list a page *shows* comes from
here; a posted answer is still checked against the database (the field's query set), so a value
retired a moment ago is refused exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.forms.models import ModelChoiceField, ModelChoiceIterator

from .models.catalogue_stamp import REQUEST_STAMP, current_stamp
from .stamp_memo import StampMemo

#: At most 512 lists: a few per taxonomy (each set of retired values already chosen) per stamp.
_remembered = StampMemo(max_entries=512)


class StampOnce:
    """The catalogue stamp, read at most once (the request's own if a middleware read it already)."""

    def __init__(self) -> None:
        self._stamp: Any = None

    def __call__(self) -> Any:
        if self._stamp is None:
            self._stamp = REQUEST_STAMP.get() or current_stamp()
        return self._stamp


def offered_values(queryset: Any, current_pks: Iterable[Any], stamp: Any) -> list[Any]:
    """The rows of ``queryset`` (``model.objects.offered_for(current_pks)``), as read under ``stamp``."""
    key = (stamp, queryset.model._meta.label, frozenset(pk for pk in current_pks if pk is not None))
    return _remembered.get_or_read(key, lambda: list(queryset))


class OfferedChoices(ModelChoiceIterator):
    """Django's choices of a model choice field, from ``offered_values`` instead of a query per rendering."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in offered_values(self.queryset, self.field.offered_pks, self.field.offered_stamp()):
            yield self.choice(row)

    def __len__(self) -> int:
        return len(offered_values(self.queryset, self.field.offered_pks, self.field.offered_stamp())) + (
            1 if self.field.empty_label is not None else 0
        )

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(len(self))


def offer_remembered(field: ModelChoiceField, current_pks: list[Any], stamp: StampOnce) -> None:
    """Give this (per-form copy of a) taxonomy field the values ``offered_for(current_pks)``, shown from the memo.

    ``stamp``: one ``StampOnce`` per form, so a page reads the stamp once for all its lists.
    """
    field.offered_pks = current_pks  # type: ignore[attr-defined]
    field.offered_stamp = stamp  # type: ignore[attr-defined]
    field.iterator = OfferedChoices  # type: ignore[misc]
    field.queryset = field.queryset.model.objects.offered_for(current_pks)  # also hands the widget the new choices
