"""The catalogue page's state: a search from the query string, and what the template needs to show it.

Everything lives in the query string — ``q``, one key per facet (repeated for
several values), ``sort`` and ``page`` — so a result page is a shareable link,
the back button works, and the page works without JavaScript. The rules for bad
input are in ``showcase.search.request`` (and the page's "Search tips").
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from .models.case_numbers import case_number_prefix
from .filter_chips import Chip, applied_filters_html, chip_links, chips_of
from .pager import Pager, query_pairs
from .search import Results, request_from_params, start_search
from .search.ahead import take
from .search.facets import FACETS, FACETS_BY_KEY, SORT_RELEVANCE, SORTS
from .search.request import MAX_QUERY_LENGTH, SearchRequest
from .search.clicks import PARAMETER as CLICK_PARAMETER
from .search.results import MAX_PAGE, PER_PAGE, FacetResult, Hit

CASES_PER_PAGE = PER_PAGE
#: The taxonomy and tag facets: the one-value filters the detail pages link to (``?stage=pilot``).
FILTERS = tuple(spec for spec in FACETS if spec.kind in ("fk", "m2m", "tag"))
CHECKED = SafeString(" checked")
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

    @cached_property
    def results(self) -> Results:
        return self._answer()

    @cached_property
    def elsewhere(self) -> dict[str, str]:
        """These results elsewhere: the CSV and JSON exports and the Atom feed, with the same parameters."""
        query = f"?{self.params.urlencode()}" if self.params else ""
        names = {"csv": "api-v1:export_csv", "json": "api-v1:export_json", "feed": "case_feed"}
        return {kind: reverse(name) + query for kind, name in names.items()}

    @cached_property
    def chip_links(self) -> list[tuple[str, str, str]]:
        return chip_links(self.search, self.params)

    @cached_property
    def chips(self) -> list[Chip]:
        return chips_of(self.chip_links, self.search, self.results)

    @cached_property
    def unknown(self) -> list[tuple[str, str]]:
        """(facet name, value as typed) of every selected value that cannot or does not exist."""
        unknown = [(str(item.facet.label), item.raw) for item in self.search.invalid]
        for facet in self.results.facets.values():
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
        return applied_filters_html(self.chips, self.unknown, self.clear_url)

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
        """The facet groups: one fieldset per facet with values, a labelled checkbox and a count each.

        Built here rather than in a template loop: a page can show a few hundred values
        (countries, tags), and this is most of the page's rendering time otherwise.
        Every value and label goes through ``_h`` (escaped).
        """
        groups = []
        for facet in self.results.facets.values():
            if not facet.values:
                continue
            key = _h_known(facet.key)
            items = "\n".join(
                f'<li><label><input type="checkbox" form="catalogue-search" name="{key}" value="{_h_known(value.value)}"'
                f'{CHECKED if value.selected else ""}> {_h_known(value.label)} '
                f'<span class="facet__count">({value.count})</span></label></li>'
                for value in facet.values
            )
            groups.append(
                f'<fieldset class="facet">\n<legend>{_h(facet.label)}</legend>\n<ul class="facet__values">\n{items}\n</ul>\n</fieldset>'
            )
        return mark_safe("\n".join(groups))  # noqa: S308 - every value above went through _h()

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

    @property
    def clear_url(self) -> str:
        params = QueryDict(mutable=True)
        if self.search.query:
            params["q"] = self.search.query
        return _url(params)

    @property
    def clear_query_url(self) -> str:
        params = self.params.copy()
        params.pop("q", None)
        params.pop("page", None)
        return _url(params)

    @property
    def pager(self) -> Pager:
        # The parameters the catalogue knows, never another's: a kept results fragment (keyed by these) must
        # not hand one visitor's unknown parameters (a tracking id, a token) to the next.
        return Pager(self.results.page, self.results.num_pages, self.results.total, query_pairs(self.params))

    @property
    def max_query_length(self) -> int:
        return MAX_QUERY_LENGTH

    @property
    def max_pages(self) -> int:
        return MAX_PAGE


def _h(value: Any) -> str:
    """``format_html``'s escaping without its per-call cost: SafeStrings as they are, everything else escaped.

    The result cards and facets are most of the page's rendering time; ``django.utils.html.escape``
    is ``html.escape`` behind a lazy-string wrapper that costs more than the escaping itself.
    """
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


def _h_known(text: str) -> str:
    """``_h`` of a facet's key, value or label, remembered (``_escape_known``)."""
    return str(text) if isinstance(text, SafeData) else _escape_known(text)


@lru_cache(maxsize=20_000)
def _escape_known(text: str) -> str:
    """Facet keys, values and labels escaped once: a page shows about two hundred, from a small known set
    (taxonomies, countries, tags, years; a value that does not exist is never among them)."""
    return html.escape(text)


#: The facts of a card, by what they show (in the active language and time zone): a case's card
#: looks the same on every page that lists it, and formatting its date is most of a card's time.
#: Keyed by the values themselves, so nothing here can outlive a change; cleared when full.
_facts_made: dict[tuple[Any, ...], str] = {}
MAX_FACTS_REMEMBERED = 20_000


def _card_facts(hit: Hit, labels: dict[str, str], where: tuple[str, str]) -> str:
    """``where``: the active language and time zone (read once for the page of cards)."""
    key = (
        *where, hit.case_number, hit.organisation, tuple(hit.countries), hit.stage, tuple(hit.categories), hit.published,
    )  # fmt: skip
    made = _facts_made.get(key)
    if made is None:
        if len(_facts_made) >= MAX_FACTS_REMEMBERED:
            _facts_made.clear()
        made = _facts_made[key] = _make_card_facts(hit, labels)
    return made


def _where() -> tuple[str, str]:
    return get_language(), timezone.get_current_timezone_name()


def _make_card_facts(hit: Hit, labels: dict[str, str]) -> str:
    facts = [
        f'<dt>{labels["number"]}</dt><dd class="case-number">{_h(hit.case_number or "—")}</dd>',
        f"<dt>{labels['org']}</dt><dd>{_h(capfirst(hit.organisation))}</dd>",
        f"<dt>{labels['countries']}</dt><dd>{_h(', '.join(hit.countries))}</dd>",
    ]
    if hit.stage:
        facts.append(f"<dt>{labels['stage']}</dt><dd>{_h(hit.stage)}</dd>")
    facts.append(f"<dt>{labels['categories']}</dt><dd>{_h('; '.join(hit.categories))}</dd>")
    if hit.published:
        published = timezone.localtime(hit.published) if timezone.is_aware(hit.published) else hit.published
        facts.append(
            f'<dt>{labels["published"]}</dt><dd><time datetime="{published.strftime("%Y-%m-%d")}">'
            f"{_h(date_format(published, 'j F Y'))}</time></dd>"
        )
    return "".join(facts)


def _link(url: str, click_parameter: str) -> str:
    """``click_parameter``: the encoded ``CLICK_PARAMETER=token`` (encoded once for the page of cards), or ""."""
    if not click_parameter:
        return url
    return f"{url}{'&' if '?' in url else '?'}{click_parameter}"


def hit_card_html(
    hit: Hit, labels: dict[str, str], click_parameter: str = "", where: tuple[str, str] | None = None
) -> SafeString:
    """One result card; ``labels`` are already escaped (``hit_cards_html``); ``where``: language and time zone;
    ``click_parameter``: the search's signed reference as the link's parameter, encoded once for the page of cards."""
    language = _h(hit.content_language)
    image = hit.image_html  # escaped when made (``search.card_images``)
    snippets = ""
    if hit.highlights:
        fragments = "".join(f'<li lang="{language}">… {_h(fragment)}</li>' for fragment in hit.highlights)
        snippets = f'<ul class="case-card__snippets" aria-label="{labels["snippets"]}">{fragments}</ul>'
    badge = f'<p class="badge">{labels["attendees"]}</p>' if hit.attendees_only else ""
    return mark_safe(  # noqa: S308 - every value went through _h() or is an escaped label / img tag
        '<li class="case-card">\n<article>\n'
        f'<h3 class="case-card__title"><a href="{_h(_link(hit.url, click_parameter))}" lang="{language}">'
        f"{_h(hit.title_html or hit.title)}</a></h3>\n{image}\n"
        f'<p class="case-card__summary" lang="{language}">{_h(hit.summary_html or hit.summary)}</p>\n{snippets}\n'
        f'<dl class="case-card__facts">{_card_facts(hit, labels, where or _where())}</dl>\n{badge}\n</article>\n</li>'
    )


def hit_cards_html(hits: list[Hit], click_token: str = "") -> SafeString:
    labels = {
        key: _h(label)
        for key, label in {
            "number": gettext("Case number"),
            "org": gettext("Organisation"),
            "countries": gettext("Countries"),
            "stage": gettext("Stage"),
            "categories": gettext("Use categories"),
            "published": gettext("Published"),
            "attendees": gettext("Registered attendees only"),
            "snippets": gettext("Where your words appear"),
        }.items()
    }
    where = _where()
    click_parameter = urlencode({CLICK_PARAMETER: click_token}) if click_token else ""
    cards = "\n".join(hit_card_html(hit, labels, click_parameter, where) for hit in hits)
    return mark_safe(f'<ol class="case-list">\n{cards}\n</ol>')  # noqa: S308 - built from escaped cards


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
    answer = start_search(search, user, sent=take(request, search, user))  # on its way while the rest is prepared
    listing = CatalogueListing(
        search=search, params=clean_params(params), answer=answer, clicks=clicks(search) if clicks else None
    )
    listing.chip_links, listing.elsewhere  # noqa: B018 - made now, while Elasticsearch answers (no answer needed)
    return listing
