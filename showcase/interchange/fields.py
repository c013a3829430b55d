"""The vocabulary of a register format's table: one ``Field`` per field of their format.

A field is filled from exactly one place, checked when the table is built:

- ``public``: public fields of ``showcase.public_fields`` (read through ``PublicCase.field``),
  turned into their value by ``convert``;
- ``own``: a confidential answer of the owning organisation (a ``portal.Submission`` field),
  filled only in that organisation's own export; everyone else gets it empty, with ``empty`` saying so;
- ``fixed``: the same value for every case (e.g. the register's version);
- nothing: left empty, ``empty`` says why; or ``confidential``: never exported, and why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..public_fields import PUBLIC_FIELDS

PUBLIC_NAMES = frozenset(f.name for f in PUBLIC_FIELDS)
#: Where a nested format (ATRS) puts a field: "tier_2/owner_and_responsibility/team".
PATH_SEPARATOR = "/"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Field:
    path: str  # their field (nested formats: parts joined by "/")
    label: str  # their name for it, in English (for docs/INTERCHANGE.md)
    ref: str = ""  # their number for it (ATRS 2.1.3, Annex VIII C.4…)
    public: tuple[str, ...] = ()
    own: str = ""
    fixed: Any = None
    convert: Callable[..., Any] | None = None
    empty: str = ""  # why it is left empty (always, or for everyone but the owning organisation)
    confidential: str = ""  # never exported: why
    blank: Any = ""  # the empty value ("" or [])
    max_length: int = 0  # the register's limit: longer text is cut, ending with "…"

    def __post_init__(self) -> None:
        unknown = set(self.public) - PUBLIC_NAMES
        if unknown:
            raise ValueError(f"{self.path}: not public fields: {sorted(unknown)}")
        sources = [bool(self.public), bool(self.own), self.fixed is not None, bool(self.confidential)]
        if sum(sources) > 1 and not (self.own and self.public):
            raise ValueError(f"{self.path}: one source only")
        if not any(sources) and not self.empty:
            raise ValueError(f"{self.path}: say why it is left empty")
        if self.own and not self.public and not self.empty:
            raise ValueError(f"{self.path}: say why others get it empty")

    @property
    def source(self) -> str:
        """What docs/INTERCHANGE.md shows in the "our source" column."""
        if self.confidential:
            return f"never exported — confidential: {self.confidential}"
        parts = [", ".join(f"`{name}`" for name in self.public)] if self.public else []
        if self.own:
            others = "replaces the public value in their file; others get the public value" if self.public else f"others: left empty — {self.empty}"
            parts.append(f"own organisation only: `{self.own}` ({others})")
        elif self.fixed is not None:
            parts.append(f"fixed: `{self.fixed}`")
        elif not self.public:
            parts.append(f"left empty — {self.empty}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Format:
    key: str  # what ``format=`` takes
    title: str
    version: str
    reference: str  # where the format is defined
    fields: tuple[Field, ...]
    schema: str = ""  # a JSON Schema in showcase/interchange/schemas/, when there is one
    csv: bool = False  # a CSV file (one column per field) rather than JSON
    #: The fields the law keeps out of this case's record, with why (EU Art. 49(4)).
    withheld: Callable[[Mapping[str, Any]], dict[str, str]] = field(default=lambda case: {})

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(f.path for f in self.fields)


# --- Converters: from the values ``PublicCase.field`` gives to the register's values -------------


def text(value: Any) -> str:
    return value or ""


def name(value: Any) -> str:
    """A single taxonomy value ({slug, name}) as its name."""
    return (value or {}).get("name", "")


def names(value: Any, separator: str | None = None) -> Any:
    items = [item["name"] for item in value or []]
    return separator.join(items) if separator is not None else items


def joined(value: Any) -> str:
    return names(value, ", ")


def label(value: Any) -> str:
    """A choice ({code, label}) as its label."""
    return (value or {}).get("label", "")


def code(value: Any) -> str:
    return (value or {}).get("code", "")


def by_slug(table: Mapping[str, str], default: str = "") -> Callable[[Any], str]:
    """A single taxonomy value mapped to their vocabulary by its slug."""
    return lambda value: table.get((value or {}).get("slug", ""), default)


def by_code(table: Mapping[str, str], default: str = "") -> Callable[[Any], str]:
    return lambda value: table.get(code(value), default)


def paragraphs(*values: Any) -> str:
    return "\n\n".join(v for v in values if v)


def cut(value: Any, limit: int) -> Any:
    if limit and isinstance(value, str) and len(value) > limit:
        return value[: limit - 1].rstrip() + ELLIPSIS
    return value
