"""E-mail addresses: the one normal form an address is stored, looked up and rate-limited in.

``CaseInsensitiveEmailField`` (the login of ``User``) and the form field it
hands out both normalise; ``normalise_email`` is the function everything else
(log-in, reset, registration, rate-limit keys, a data migration) calls.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Unicode's default-ignorable characters: soft hyphen, zero-width space and joiners, bidi
#: controls, word joiner, variation selectors, the byte-order mark, Hangul fillers, tags.
#: No e-mail address contains one; copy-and-paste brings them, and an impostor uses them
#: to register a second account for an address that looks the same.
INVISIBLE_IN_ADDRESSES = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U000e0000-\U000e0fff]"
)


def normalise_email(email: str) -> str:
    """The one canonical form of an e-mail address: what we store, look up, and key rate limits on.

    Invisible characters are removed, then NFKC folds look-alikes into plain
    letters (full-width ``ａ`` and ``＠``, the long ``ſ``, the Kelvin sign ``K``),
    then the whole address is lower-cased (not only the domain, as Django
    does: two accounts that differ only by case would be a support and
    security problem) and a non-ASCII domain becomes its IDNA (``xn--``) form.
    What remains outside ASCII (``ı``, ``İ`` in the local part) is refused by
    ``validate_email_characters`` in forms; look-ups compare exactly, so such
    a spelling never reaches an account through PostgreSQL's case folding.
    Never raises: log-in and reset forms call it on anything typed.
    """
    text = unicodedata.normalize("NFKC", INVISIBLE_IN_ADDRESSES.sub("", email or ""))
    text = INVISIBLE_IN_ADDRESSES.sub("", text).strip().lower()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            pass  # left as typed: the e-mail validator refuses it
    return f"{local}@{domain}"


def validate_email_characters(value: str) -> None:
    """Refuse, with a clear message, letters that normalisation keeps but no address uses (``ı``, ``İ``)."""
    odd = sorted({character for character in str(value).rpartition("@")[0] if not character.isascii()})
    if odd:
        raise ValidationError(
            _("An e-mail address cannot contain “%(characters)s”. Type the address again in plain letters."),
            code="invalid_character",
            params={"characters": "".join(odd)},
        )


class NormalisedEmailFormField(forms.EmailField):
    """Normalises while cleaning, so every form (ours, Django's admin) checks
    uniqueness against the stored form of the address."""

    default_validators = [*forms.EmailField.default_validators, validate_email_characters]

    def to_python(self, value: Any) -> str:
        return normalise_email(super().to_python(value))


class CaseInsensitiveEmailField(models.EmailField):
    # Model validation too (Wagtail's user admin has its own form field): no "ı" sneaks in there.
    default_validators = [*models.EmailField.default_validators, validate_email_characters]

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"form_class": NormalisedEmailFormField, **kwargs})

    def to_python(self, value: Any) -> str:
        return normalise_email(super().to_python(value))

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        # Migrations name the field by the package's public path (portal/migrations/0001_initial.py),
        # as Django's own fields say ``django.db.models.CharField``: moving the class between the
        # package's modules must not look like a schema change.
        name, _path, args, kwargs = super().deconstruct()
        return name, "portal.models.CaseInsensitiveEmailField", args, kwargs
