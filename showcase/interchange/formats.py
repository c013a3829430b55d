"""The register formats by key: what ``format=`` accepts (any other value is a clear 400)."""

from __future__ import annotations

from .eu_annex_viii import ANNEX_VIII
from .fields import Format
from .nl_algoritmeregister import ALGORITMEREGISTER
from .uk_atrs import ATRS
from .us_inventory import INVENTORY

FORMATS: dict[str, Format] = {fmt.key: fmt for fmt in (ATRS, ALGORITMEREGISTER, INVENTORY, ANNEX_VIII)}
#: The longest key a request may name (longer values are refused before any lookup).
KEY_MAX_LENGTH = max(len(key) for key in FORMATS)


def format_named(key: str | None) -> Format | None:
    if not key or len(key) > KEY_MAX_LENGTH:
        return None
    return FORMATS.get(key)
