"""Text safety at the door: invisible controls that can disguise what a text says are removed.

A right-to-left override makes ``gnp.exe`` display as ``exe.png`` (the
"Trojan source" trick); a zero-width space makes two identical-looking words
differ. Nobody types these on purpose in a case description, a review note or
a name, so every form people type into removes them before anything is stored.

Kept on purpose: the zero-width non-joiner and joiner (U+200C, U+200D: needed
to spell Persian and Arabic words and emoji sequences) and the left-to-right
and right-to-left *marks* (U+200E, U+200F: they fix punctuation in mixed
Arabic and Latin text and cannot reorder a run of characters).

This is the lowest layer (showcase); the portal's and moderation's forms use
``TypedTextMixin`` too.
"""

from __future__ import annotations

import re
from typing import Any

#: Bidirectional embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069),
#: zero-width space (U+200B), word joiner and invisible operators (U+2060–U+2064),
#: and the byte-order mark used as a zero-width no-break space (U+FEFF).
INVISIBLE_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff]")


def remove_invisible_controls(text: str) -> str:
    """``text`` without the controls above (other characters untouched)."""
    return INVISIBLE_CONTROLS.sub("", text)


def clean_typed_value(value: Any) -> Any:
    """A cleaned form value: strings and lists/tuples of strings lose their invisible controls."""
    if isinstance(value, str):
        return remove_invisible_controls(value)
    if isinstance(value, (list, tuple)) and any(isinstance(item, str) for item in value):
        return type(value)(remove_invisible_controls(item) if isinstance(item, str) else item for item in value)
    return value


class TypedTextMixin:
    """For Django forms: every typed string in ``cleaned_data`` loses its invisible controls.

    Runs after each field's own cleaning, so the length and choice checks have
    already passed and no value that was valid becomes invalid. Fields named in
    ``keep_typed_text_as_is`` (passwords: they are hashed, never shown, and must
    match exactly what the person typed) are left alone.
    """

    keep_typed_text_as_is: tuple[str, ...] = ("password", "password1", "password2", "old_password",
                                               "new_password1", "new_password2")

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]
        cleaned = self.cleaned_data  # type: ignore[attr-defined]
        for name, value in list(cleaned.items()):
            if name not in self.keep_typed_text_as_is:
                cleaned[name] = clean_typed_value(value)
