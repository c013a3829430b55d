"""``manage.py rotate_encryption_keys``: re-encrypt every confidential value under the first key of FIELD_ENCRYPTION_KEYS.

Idempotent and resumable: values already under the current key are skipped
(moderation/key_rotation.py). Procedure: docs/OPERATIONS.md, "Rotating the encryption key".
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from moderation.key_rotation import encrypted_models, rotate_table


class Command(BaseCommand):
    help = "Re-encrypt every confidential value under the current key (in batches; safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        for model, columns in encrypted_models():
            progress = rotate_table(model, columns, batch_size=batch_size)
            self.stdout.write(f"{model._meta.label}: {progress.rows} rows read, {progress.values} values re-encrypted")
