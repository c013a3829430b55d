"""Confidential answers encrypted at rest (issue 18): model fields that store Fernet tokens, never plaintext.

Authenticated encryption from ``cryptography`` (Fernet: AES-128-CBC + HMAC-SHA256)
behind a ``MultiFernet``: ``FIELD_ENCRYPTION_KEYS`` lists the keys, the first
encrypts, all decrypt, so a key can be rotated (``manage.py
rotate_encryption_keys``) without downtime. A stored value is ``fernet:<token>``;
a value without the prefix is plaintext written before encryption was switched on
(read as is; the migration and the rotation encrypt it).

Encrypted values cannot be searched or filtered in the database (each
encryption is different): these fields hold free text nobody queries; the
structured answers the red-flag rules read (yes/no, choices) stay plain.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=8)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: confidential answers cannot be encrypted.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds a key that is not a Fernet key: {error}") from None


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def current_key() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode())


def encrypt(text: str) -> str:
    return PREFIX + cipher().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption: read as is until the rotation encrypts it
    try:
        return cipher().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A confidential value cannot be decrypted with FIELD_ENCRYPTION_KEYS (a key is missing or wrong)."
        ) from None


def is_current(stored: str) -> bool:
    """Encrypted with the first (current) key?"""
    if not stored.startswith(PREFIX):
        return not stored  # empty stays empty; plaintext is not current
    try:
        current_key().decrypt(stored[len(PREFIX):].encode())
    except InvalidToken:
        return False
    return True


def reencrypt(stored: str) -> str:
    """The value under the current key (plaintext is encrypted, an old key's token rotated)."""
    if not stored:
        return stored
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + cipher().rotate(stored[len(PREFIX):].encode()).decode()


class EncryptedMixin:
    """Stored as text (tokens are longer than the value); the form field and validation stay the base field's."""

    encrypted = True

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        return encrypt(value) if value else value

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        return self.get_prep_value(value)


class EncryptedCharField(EncryptedMixin, models.CharField):
    def db_type(self, connection: Any) -> str:  # text, not varchar(max_length): the token is longer
        return models.TextField().db_type(connection)


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    def db_type(self, connection: Any) -> str:
        return models.TextField().db_type(connection)


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedJSONField(models.TextField):
    """A JSON value (e.g. a snapshot of answers) stored as one encrypted text."""

    encrypted = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(decrypt(value) or "null")

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        return encrypt(json.dumps(value, ensure_ascii=False))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj))


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if getattr(field, "encrypted", False)]
