"""The data dictionary of the ``/data/`` page: the export's columns, as ``showcase.api.export`` declares them.

Nothing is copied by hand: names, order and meanings come from ``EXPORT_COLUMNS``
(itself built from ``showcase.public_fields``), so a column added there appears here.
The meanings are the declaration's English (like the API's documentation and the
export schema); the type is said in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..api.export import EXPORT_COLUMNS, LIST_SEPARATOR

#: How the CSV joins a list's values (shown on the page).
CSV_LIST_SEPARATOR = LIST_SEPARATOR

#: The export schema's column types, in words.
TYPE_LABELS: dict[str, Promise] = {
    "string": _("Text"),
    "integer": _("Whole number"),
    "boolean": _("True or false"),
    "date-time": _("Date (ISO 8601)"),
    "list": _("List"),
}


@dataclass(frozen=True)
class DictionaryEntry:
    name: str
    meaning: str
    type: str  # the export schema's type code
    type_label: str


def data_dictionary() -> list[DictionaryEntry]:
    return [
        DictionaryEntry(
            column.name,
            column.description,
            column.type,
            str(TYPE_LABELS.get(column.type, column.type)),
        )
        for column in EXPORT_COLUMNS
    ]
