"""Turning untrusted input (a query string, or a caller's arguments) into a valid search request.

The rules, also explained in the catalogue's "Search tips":

* ``q``: control characters (NUL bytes…) are removed; longer than ``MAX_QUERY_LENGTH``
  characters, it is cut there and the page says so.
* facets: one key per facet (``FACETS``), repeated for several values; unknown keys are
  ignored; a value that is not a known value matches nothing (the page names it); at most
  ``MAX_VALUES_PER_FACET`` values of one facet are used.
* ``sort``: ``relevance``, ``newest`` or ``title``; anything else means the default.
* ``page``: anything that is not a whole number ≥ 1 means page 1; a page after the last one
  shows the last one; no page after ``MAX_PAGE`` can be asked for (the result window).

Nothing here raises on bad input: a hostile URL gets page 1 or an empty result with a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .facets import FACETS, FACETS_BY_KEY, MAX_VALUES_PER_FACET, SORT_NEWEST, SORT_RELEVANCE, SORTS, FacetSpec, Filters
from .results import MAX_PAGE

MAX_QUERY_LENGTH = 200
#: Longer page numbers are not parsed at all (int() of a huge string is slow).
MAX_PAGE_DIGITS = 12
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class InvalidValue:
    facet: FacetSpec
    raw: str


@dataclass
class SearchRequest:
    query: str = ""
    filters: Filters = field(default_factory=dict)
    sort: str = SORT_NEWEST
    page: int = 1
    messages: list[str] = field(default_factory=list)
    invalid: list[InvalidValue] = field(default_factory=list)  # values that cannot exist

    @property
    def impossible(self) -> bool:
        """A facet whose every value is malformed matches nothing (OR of nothing)."""
        invalid_keys = {item.facet.key for item in self.invalid}
        return any(not self.filters.get(key) for key in invalid_keys)


def clean_text(value: Any, limit: int) -> tuple[str, bool]:
    """(text without control characters and surrounding spaces, whether it had to be cut)."""
    text = CONTROL_CHARACTERS.sub(" ", str(value or ""))
    text = " ".join(text.split())
    if len(text) > limit:
        return text[:limit].rstrip(), True
    return text, False


def parse_page(value: Any) -> int:
    """A page number from a URL: garbage means 1; a number too long to be real means "past the end"."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1  # "", "-1", "abc", "1.5", "²"
    if len(text) > MAX_PAGE_DIGITS:
        return MAX_PAGE + 1
    return max(1, int(text))


def build_request(
    query: Any = "",
    filters: Mapping[str, Iterable[Any]] | None = None,
    sort: Any = "",
    page: Any = 1,
) -> SearchRequest:
    request = SearchRequest()
    request.query, cut = clean_text(query, MAX_QUERY_LENGTH)
    if cut:
        request.messages.append(
            _("Your search was shortened to its first %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH}
        )
    for key, raw_values in (filters or {}).items():
        spec = FACETS_BY_KEY.get(key)
        if spec is None:
            continue  # unknown keys are ignored (documented in the search tips)
        if isinstance(raw_values, str):
            raw_values = [raw_values]
        values: list[str] = []
        seen: set[str] = set()
        too_many = False
        for raw in raw_values:
            value = spec.normalise(str(raw))
            if not value or value in seen:
                continue
            seen.add(value)
            if len(values) >= MAX_VALUES_PER_FACET:
                too_many = True
                continue
            if spec.accepts(value):
                values.append(value)
            else:
                request.invalid.append(InvalidValue(spec, clean_text(raw, 60)[0]))
        if too_many:
            request.messages.append(
                _("Only the first %(limit)d values of “%(facet)s” were used.")
                % {"limit": MAX_VALUES_PER_FACET, "facet": spec.label}
            )
        if values or any(item.facet is spec for item in request.invalid):
            request.filters[spec.key] = tuple(values)
    sort = str(sort or "")
    request.sort = sort if sort in SORTS else (SORT_RELEVANCE if request.query else SORT_NEWEST)
    if request.sort == SORT_RELEVANCE and not request.query:
        request.sort = SORT_NEWEST
    request.page = page if isinstance(page, int) else parse_page(page)
    request.page = max(1, request.page)
    if request.page > MAX_PAGE:
        request.messages.append(
            _("Only the first %(pages)d pages of results can be shown; refine the search to see the others.")
            % {"pages": MAX_PAGE}
        )
        request.page = MAX_PAGE
    # Keep the facets in their canonical order (stable URLs and queries).
    request.filters = {spec.key: request.filters[spec.key] for spec in FACETS if spec.key in request.filters}
    return request


def request_from_params(params: Mapping[str, Any]) -> SearchRequest:
    """A search request from a query string (a Django ``QueryDict`` or a plain mapping)."""
    getlist = getattr(params, "getlist", None)
    filters: dict[str, list[str]] = {}
    for spec in FACETS:
        if getlist is not None:
            values = getlist(spec.key)
        else:
            value = params.get(spec.key)
            values = [] if value is None else (list(value) if isinstance(value, (list, tuple)) else [value])
        if values:
            filters[spec.key] = values
    return build_request(params.get("q", ""), filters, params.get("sort", ""), params.get("page", "1"))
