"""The catalogue page's state: a search from the query string, and what the template needs to show it.

Everything lives in the query string — ``q``, one key per facet (repeated for
several values), ``sort`` and ``page`` — so a result page is a shareable link,
the back button works, and the page works without JavaScript. The rules for bad
input are in ``showcase.search.request`` (and the page's "Search tips").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from .models.case_numbers import case_number_prefix
from .filter_chips import Chip, applied_filters_html, chip_links, chips_of
from .pager import Pager, query_pairs
from .search import Results, request_from_params, start_search
from .search.ahead import take
from .search.elastic import last_page
from .search.facets import FACETS, FACETS_BY_KEY, SORT_RELEVANCE, SORTS
from .search.request import MAX_QUERY_LENGTH, SearchRequest
from .search.results import MAX_PAGE, PER_PAGE, FacetResult
from .card_html import count_writer, facet_groups_html, hit_cards_html

CASES_PER_PAGE = PER_PAGE
#: The taxonomy and tag facets: the one-value filters the detail pages link to (``?stage=pilot``).
FILTERS = tuple(spec for spec in FACETS if spec.kind in ("fk", "m2m", "tag"))
#: The query-string keys the catalogue understands; any other key is ignored.
KNOWN_KEYS = ("q", "sort", "page", *FACETS_BY_KEY)


def paginate(cases: QuerySet, page_number: Any, per_page: int = CASES_PER_PAGE) -> PaginatorPage:
    """A page of results; a missing or malformed number gives page 1, a too-large one the last page."""
    return Paginator(cases, per_page).get_page(page_number)


def _url(params: QueryDict) -> str:
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def clean_params(params: QueryDict) -> QueryDict:
    """Only the keys the catalogue uses, with the values the search applied (for links)."""
    clean = QueryDict(mutable=True)
    for key in KNOWN_KEYS:
        values = params.getlist(key)
        if values:
            clean.setlist(key, values)
    return clean


class CatalogueListing:
    """The page's state; its results are waited for when the template first needs them.

    ``answer`` gives the results of a search already sent (``search.start_search``), so the page's
    other work — ``meanwhile`` (the query log), the top of the template — runs while Elasticsearch
    answers. ``clicks`` turns the results into the signed reference on result links (the query log's).
    """

    def __init__(
        self,
        search: SearchRequest,
        params: QueryDict,
        results: Results | None = None,
        *,
        answer: Callable[[], Results] | None = None,
        clicks: Callable[[Results], str] | None = None,
    ) -> None:
        self.search, self.params = search, params
        self._answer = answer if results is None else (lambda: results)
        self._clicks = clicks
        self._prepared: _FacetParts | None = None

    @cached_property
    def results(self) -> Results:
        return self._answer()

    def prepare(self, facets: dict[str, FacetResult], total: int) -> None:
        """What needs only the counts, made while Elasticsearch computes the hits (``start_search``'s ``prepare``).

        Used only if the results turn out to carry these very facets: a retry or the database's fallback
        brings others, and everything is then made from those.
        """
        self._prepared = self._facet_parts_of(facets, total, self.search.page, last_page(total))

    def _facet_parts_of(self, facets: dict[str, FacetResult], total: int, page: int, pages: int) -> _FacetParts:
        chips, unknown = chips_of(self.chip_links, self.search, facets), self._unknown(facets)
        applied = applied_filters_html(chips, unknown, self.clear_url) if self.is_filtered else None
        pager = Pager(page, pages, total, query_pairs(self.params))
        return _FacetParts(
            facets, facet_groups_html(facets.values()), chips, unknown, applied, total, page, pager.html(),
            result_count_html(total, self.search.query), filters_applied_text(len(chips)),
        )

    @cached_property
    def _facet_parts(self) -> _FacetParts:
        """The counts' part of the page for the results: the one made early if it was made from these very facets."""
        prepared, results = self._prepared, self.results
        if prepared is not None and prepared.facets is results.facets:
            if (prepared.total, prepared.page) == (results.total, results.page):
                return prepared
        return self._facet_parts_of(results.facets, results.total, results.page, results.num_pages)

    @cached_property
    def elsewhere(self) -> dict[str, str]:
        """These results elsewhere: the CSV and JSON exports and the Atom feed, with the same parameters."""
        query = f"?{self.params.urlencode()}" if self.params else ""
        names = {"csv": "api-v1:export_csv", "json": "api-v1:export_json", "feed": "case_feed"}
        return {kind: reverse(name) + query for kind, name in names.items()}

    @cached_property
    def chip_links(self) -> list[tuple[str, str, str]]:
        return chip_links(self.search, self.params)

    @property
    def chips(self) -> list[Chip]:
        return self._facet_parts.chips

    @property
    def unknown(self) -> list[tuple[str, str]]:
        """(facet name, value as typed) of every selected value that cannot or does not exist."""
        return self._facet_parts.unknown

    def _unknown(self, facets: dict[str, FacetResult]) -> list[tuple[str, str]]:
        unknown = [(str(item.facet.label), item.raw) for item in self.search.invalid]
        for facet in facets.values():
            unknown.extend((facet.label, value) for value in facet.unknown)
        return unknown

    @cached_property
    def click_token(self) -> str:
        """The signed reference of this search on result links (``showcase.search.clicks``); "" when not logged."""
        return self._clicks(self.results) if self._clicks is not None else ""

    @property
    def question_identity(self) -> str:
        """What the page's kept question (its search form) shows beyond the readers' fragment key: text and sort."""
        return repr((self.search.query, self.search.sort))

    @cached_property
    def fragment_identity(self) -> str:
        """What the page's kept results and filters show beyond the readers' fragment key (its ``by``); waits for the answer.

        The fragment key already holds the catalogue stamp, the audience, language, day and host: the
        parts of the results cache's key, under which the same question gets the same answer. Added here:
        the request as understood (text, filters, values that do not exist, sort, page, messages), the
        links' reference, the hits in order (promoted cases first), and what can change the answer without a
        new stamp: an outage's fallback (the backend and its notice).
        """
        results, search = self.results, self.search
        parts = (
            search.query, search.filters, search.sort, search.page, [str(message) for message in search.messages],
            [(item.facet.key, item.raw) for item in search.invalid],
            self.params.urlencode(), self.click_token, results.backend, str(results.notice),
            tuple(str(message) for message in results.messages), results.total, tuple(hit.page_id for hit in results.hits),
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    @property
    def case_number_example(self) -> str:
        """A case number as this site writes them, for the search tips."""
        return f"{case_number_prefix()}-2026-0042"

    @property
    def query(self) -> str:
        return self.search.query

    @property
    def sort(self) -> str:
        return self.search.sort

    @property
    def applied_filters_html(self) -> SafeString:
        applied = self._facet_parts.applied
        return applied if applied is not None else applied_filters_html(self.chips, self.unknown, self.clear_url)

    @property
    def sort_label(self) -> str:
        """The name of the order the results are in."""
        return str(SORTS.get(self.search.sort, ""))

    @property
    def sorts(self) -> list[tuple[str, str, bool]]:
        options = [(key, str(label), key == self.search.sort) for key, label in SORTS.items()]
        return [option for option in options if option[0] != SORT_RELEVANCE or self.search.query]

    @property
    def facets(self) -> list[FacetResult]:
        return list(self.results.facets.values())

    @property
    def facets_html(self) -> SafeString:
        """The facet groups (``card_html.facet_groups_html``)."""
        return self._facet_parts.facets_html

    @property
    def hits_html(self) -> SafeString:
        """The result cards (``showcase.search.Hit``), built here for the same reason as ``facets_html``.

        Titles, summaries and fragments with highlights are already escaped SafeStrings
        with ``<mark>`` only around matched words (``results.safe_highlight``); every
        other value goes through ``_h`` (escaped).
        """
        return hit_cards_html(self.results.hits, self.click_token)

    @property
    def is_filtered(self) -> bool:
        return bool(self.search.filters or self.search.invalid)

    @property
    def is_searching(self) -> bool:
        return bool(self.search.query) or self.is_filtered

    @cached_property
    def clear_url(self) -> str:
        """The search words without the filters (what QueryDict would encode, without building one: ~0.1 ms)."""
        return f"?{urlencode({'q': self.search.query})}" if self.search.query else "?"

    @property
    def clear_query_url(self) -> str:
        params = self.params.copy()
        params.pop("q", None)
        params.pop("page", None)
        return _url(params)

    @property
    def pager_html(self) -> SafeString:
        """The links to the other pages of results (``Pager.html``), made from the counts.

        The parameters the catalogue knows, never another's: a kept results fragment (keyed by these) must
        not hand one visitor's unknown parameters (a tracking id, a token) to the next.
        """
        return self._facet_parts.pager_html

    @property
    def result_count_html(self) -> SafeString:
        """"12 use cases match “drone”" (``result_count_html``)."""
        return self._facet_parts.result_count_html

    @property
    def filters_applied(self) -> str:
        """"2 filters applied", or "" when none is."""
        return self._facet_parts.filters_applied

    @property
    def max_query_length(self) -> int:
        return MAX_QUERY_LENGTH

    @property
    def max_pages(self) -> int:
        return MAX_PAGE


def catalogue_listing(
    params: QueryDict,
    user: Any,
    clicks: Callable[[SearchRequest], Callable[[Results], str]] | None = None,
    *,
    request: HttpRequest | None = None,
) -> CatalogueListing:
    """Send the search of the query string's parameters and prepare the page; its results come when needed.

    ``clicks(search)``: work to do while Elasticsearch answers (the query log); it returns what turns the
    results into the result links' signed reference. ``request``: where a search sent before routing
    waits (``search.ahead``), taken if it is this one.
    """
    search = request_from_params(params)
    listing = CatalogueListing(search=search, params=clean_params(params))
    # On its way while the rest is prepared; the facets' part of the page is made as soon as the counts are in.
    listing._answer = start_search(search, user, sent=take(request, search, user), prepare=listing.prepare)
    listing._clicks = clicks(search) if clicks else None
    listing.chip_links, listing.elsewhere  # noqa: B018 - made now, while Elasticsearch answers (no answer needed)
    return listing


@dataclass
class _FacetParts:
    """The facets' part of the page, made from ``facets`` (early, before the hits were in: ``CatalogueListing.prepare``)."""

    facets: dict[str, FacetResult]
    facets_html: SafeString
    chips: list[Chip]
    unknown: list[tuple[str, str]]
    applied: SafeString | None
    total: int
    page: int
    pager_html: SafeString
    result_count_html: SafeString
    filters_applied: str


def result_count_html(total: int, query: str) -> SafeString:
    """"1 use case" / "12 use cases match “drone”": the query escaped, the number as the template would show it.

    ngettext with the messages ``{% blocktranslate count %}`` had (same msgids, same translations): a sixth of the
    time, on the page's critical path when the counts come last.
    """
    counter = count_writer()(total)  # "90,056 use cases": grouped as the language writes it
    if query:
        sentence = ngettext(
            "%(counter)s use case matches “%(query)s”", "%(counter)s use cases match “%(query)s”", total
        )
        return mark_safe(sentence % {"counter": escape(counter), "query": escape(query)})  # noqa: S308 - both escaped
    sentence = ngettext("%(counter)s use case", "%(counter)s use cases", total)
    return mark_safe(sentence % {"counter": escape(counter)})  # noqa: S308 - the number escaped


def filters_applied_text(active: int) -> str:
    """"2 filters applied" in the filters' summary; "" when none is."""
    if not active:
        return ""
    return ngettext("%(counter)s filter applied", "%(counter)s filters applied", active) % {"counter": localize(active)}
