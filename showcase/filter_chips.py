"""The catalogue's applied filters as chips: each value with the link that removes it (``listing.CatalogueListing.chips``).

The links need no answer: they are made while the search runs (``chip_links``); the values' names come with
the answer (``chips_of``). Every link carries the parameters the catalogue knows, each encoded once for all.
``applied_filters_html`` shows them above the results, built here like the cards and the facets: it is rendered
after Elasticsearch's answer, on the page's critical path, where three template loops over the chips cost
~0.05 ms more per filtered page than these f-strings (issue 20.1, docs/PERFORMANCE.md phase 12).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from .search import FacetResult
from .search.facets import FACETS_BY_KEY
from .search.request import SearchRequest


@dataclass
class Chip:
    facet: str
    label: str  # the facet's name
    value: str  # the value's name
    remove_url: str

    @property
    def text(self) -> SafeString:
        """"Stage: Pilot" as the active language writes it (French puts a space before the colon), escaped."""
        return facet_and_value(self.label, conditional_escape(self.value))


def facet_and_value(facet: str, value_html: str) -> SafeString:
    """A facet's name and one of its values, in the active language's punctuation; ``value_html`` already escaped."""
    pattern = pgettext("a filter: the facet's name and its value", "%(facet)s: %(value)s")
    return mark_safe(pattern % {"facet": conditional_escape(facet), "value": value_html})  # noqa: S308 - both escaped


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


def chips_of(links: list[tuple[str, str, str]], search: SearchRequest, facets: Mapping[str, FacetResult]) -> list[Chip]:
    valid = sum(len(values) for values in search.filters.values())
    chips = []
    for number, (key, value, url) in enumerate(links):
        if number < valid:
            facet = facets[key]
            label = next((shown.label for shown in facet.values if shown.value == value), value)
            chips.append(Chip(key, facet.label, label, url))
        else:
            chips.append(Chip(key, str(FACETS_BY_KEY[key].label), value, url))
    return chips


def applied_filters_html(chips: list[Chip], unknown: list[tuple[str, str]], clear_url: str) -> SafeString:
    """The filters applied, in a sentence and as chips that remove one each or all; values that do not exist said so.

    ``unknown``: (facet name, value as typed) of every value that is not one of the facet's. Every text is escaped.
    """
    h = conditional_escape
    showing, applied, remove_one, clear_all = (
        h(gettext("Showing the cases with")),
        h(gettext("Applied filters")),
        h(gettext("(remove this filter)")),
        h(gettext("Clear all filters")),
    )
    between = h(pgettext("between two filters in a sentence", "; "))  # French: a no-break space before ";"
    named = "".join(
        f"{facet_and_value(chip.label, f'<strong>{h(chip.value)}</strong>')}{between if number < len(chips) else '.'}"
        for number, chip in enumerate(chips, start=1)
    )
    not_known = "".join(
        '<p class="filter-unknown">{}</p>\n'.format(
            gettext("No case matches: “%(value)s” is not a known value of %(label)s.")
            % {"value": h(value), "label": h(label)}
        )
        for label, value in unknown
    )
    remove = f'<span aria-hidden="true">×</span><span class="visually-hidden">{remove_one}</span>'
    links = "".join(
        f'<li><a class="chip" href="{h(chip.remove_url)}">{chip.text} {remove}</a></li>\n'
        for chip in chips
    )
    notice = f'<p class="filter-notice" role="status">{showing}\n{named}\n</p>\n'
    clear = f'<li><a class="chip chip--clear" href="{h(clear_url)}">{clear_all}</a></li>\n'
    return mark_safe(  # noqa: S308 - every value above went through conditional_escape
        f'<div class="applied-filters">\n{notice}{not_known}'
        f'<ul class="chips" aria-label="{applied}">\n{links}{clear}</ul>\n</div>'
    )
