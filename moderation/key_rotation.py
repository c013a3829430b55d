"""Re-encrypt every encrypted column under the current key, in batches, resumably (issue 18).

Works on the raw stored tokens (SQL), one batch of rows per transaction, in
primary-key order. A value already under the current key is left alone, so a
run that stopped halfway (a crash, a deploy) is simply run again: it skips what
is done and finishes the rest. Until it has finished, keep the old keys in
``FIELD_ENCRYPTION_KEYS`` (after the new one): every value still decrypts.
Also used by the migrations that switched encryption on (plaintext → token).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from . import encryption


@dataclass
class Progress:
    rows: int = 0
    values: int = 0  # values re-encrypted


def rotate_table(model, columns: Iterable[str], batch_size: int = 500,
                 after_batch: Callable[[str, int], None] | None = None) -> Progress:
    """Re-encrypt ``columns`` of ``model``'s table; ``after_batch(table, last_pk)`` is told after each batch."""
    table, pk = model._meta.db_table, model._meta.pk.column
    columns = list(columns)
    quote = connection.ops.quote_name
    select = (f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} FROM {quote(table)} "
              f"WHERE {quote(pk)} > %s ORDER BY {quote(pk)} LIMIT %s")
    progress, last = Progress(), 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last, batch_size])
            rows = cursor.fetchall()
            for row in rows:
                changed = {col: encryption.reencrypt(value) for col, value in zip(columns, row[1:])
                           if value and not encryption.is_current(value)}
                if changed:
                    assignments = ", ".join(f"{quote(col)} = %s" for col in changed)
                    cursor.execute(f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk)} = %s",
                                   [*changed.values(), row[0]])
                    progress.values += len(changed)
            progress.rows += len(rows)
        if not rows:
            return progress
        last = rows[-1][0]
        if after_batch is not None:
            after_batch(table, last)


def encrypted_models() -> list[tuple[type, list[str]]]:
    """Every installed model with encrypted fields, and their columns."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        fields = encryption.encrypted_fields(model)
        if fields:
            found.append((model, [field.column for field in fields]))
    return found


def migration_step(app_label: str, model_name: str, columns: list[str]) -> Callable:
    """A RunPython function for a migration: encrypt what was stored in plain."""
    def run(apps, schema_editor) -> None:
        rotate_table(apps.get_model(app_label, model_name), columns)
    return run
