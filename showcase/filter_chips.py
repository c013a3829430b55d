"""The catalogue's applied filters as chips: each value with the link that removes it (``listing.CatalogueListing.chips``).

The links need no answer: they are made while the search runs (``chip_links``); the values' names come with
the answer (``chips_of``). Every link carries the parameters the catalogue knows, each encoded once for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict

from .search import Results
from .search.facets import FACETS_BY_KEY
from .search.request import SearchRequest


@dataclass
class Chip:
    facet: str
    label: str  # the facet's name
    value: str  # the value's name
    remove_url: str


def _encoded_pairs(params: QueryDict) -> list[tuple[str, str, str]]:
    """(name, value, ``name=value`` URL-encoded) of every parameter but the page: each encoded once for every link."""
    return [
        (name, value, urlencode([(name, value)])) for name, values in params.lists() if name != "page" for value in values
    ]


def _without(pairs: list[tuple[str, str, str]], key: str, keep: Any) -> str:
    """The link to these results with the values of ``key`` that ``keep`` refuses removed, and page 1."""
    kept = "&".join(encoded for name, value, encoded in pairs if name != key or keep(value))
    return f"?{kept}"


def chip_links(search: SearchRequest, params: QueryDict) -> list[tuple[str, str, str]]:
    """(facet, value, link without it) of every filter applied, valid or not: no answer needed, made while it comes."""
    pairs = _encoded_pairs(params)
    links = []
    for key, values in search.filters.items():
        spec = FACETS_BY_KEY[key]
        for value in values:
            other = lambda raw, spec=spec, value=value: spec.normalise(raw) != value  # noqa: E731
            links.append((key, value, _without(pairs, key, other)))
    for item in search.invalid:
        spec = item.facet
        valid = lambda raw, spec=spec: spec.accepts(spec.normalise(raw))  # noqa: E731
        links.append((spec.key, item.raw, _without(pairs, spec.key, valid)))
    return links


def chips_of(links: list[tuple[str, str, str]], search: SearchRequest, results: Results) -> list[Chip]:
    valid = sum(len(values) for values in search.filters.values())
    chips = []
    for number, (key, value, url) in enumerate(links):
        if number < valid:
            facet = results.facets[key]
            label = next((shown.label for shown in facet.values if shown.value == value), value)
            chips.append(Chip(key, facet.label, label, url))
        else:
            chips.append(Chip(key, str(FACETS_BY_KEY[key].label), value, url))
    return chips
