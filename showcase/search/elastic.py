"""The Elasticsearch backend: ``FacetedSearch`` over the catalogue alias.

One round trip per search: the text query and the visitor's access
filter go in ``query`` (so they bound the hits *and* every facet count); the facet
selections go in ``post_filter`` and, for each facet, into a ``filter`` aggregation
around its ``terms`` aggregation with every other facet's selection — elasticsearch-dsl's
``FacetedSearch`` builds exactly this; ``request_bodies`` makes the hits and the
counts two searches so the counts can come from the shard request cache. The page
sends them as two requests at once and reads the counts first (``Sent``); every other
caller sends them as one multi-search (``execute``). Every ``terms`` aggregation has an explicit
``size`` (``facets.FacetSpec.size``) so no value is cut off at ten.

Text: the query is expanded in Python (``expansion.expand``: its concepts, each with
the thesaurus's other ways of saying it and spelling corrections), so the thesaurus
editors keep applies on the next query, the same as on the database backend. Most
concepts must match (``minimum_should_match``: all of one or two, then 75%), each in
any searched field (``search_text``, a ``copy_to`` of them), title, summary and the
taxonomy names weighing more; the question's words close together (phrase with slop)
rank higher. When nothing matches, the search is repeated with typo tolerance
(``fuzziness: AUTO``, first letter fixed) and the page says so: fuzzy expansion (and
highlighting it) costs several times more, so it is kept off the common path. Highlighting uses control-character markers that
``results.safe_highlight`` turns into ``<mark>`` after escaping the text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from elasticsearch import Elasticsearch
from elasticsearch.dsl import FacetedSearch, Q, Search
from elasticsearch.dsl.query import MatchNone, Query

from ..models import UseCasePage
from .cards import attach_images, facet_results, hit_from_source, search_results
from . import early_send
from .connection import SearchFailed, alias_name
from .documents import LANGUAGE_FIELDS
from .expansion import Concept, expand, required
from .audience import user_audience
from .facet_parts import FACET_OBJECTS, facet_aggregations
from .facets import SORT_RELEVANCE, SORT_TITLE, TEXT_FIELDS
from .request import SearchRequest
from .results import (
    BACKEND_ELASTICSEARCH,
    HIGHLIGHT_POST,
    HIGHLIGHT_PRE,
    MAX_PAGE,
    PER_PAGE,
    FacetResult,
    Hit,
    Results,
    safe_highlight,
)

CARD_FIELDS = [
    "page_id",
    "url",
    "title",
    "summary",
    "organisation",
    "countries",
    "deployment_stage_name",
    "use_category_names",
    "first_published_at",
    "content_language",
    "attendees_only",
    "has_image",
    "case_number",
]
SNIPPET_FIELDS = ("problem", "benefits", "outputs")
#: The aggregation that counts every matching case (the facet selections applied).
TOTAL_AGG = "_total"


#: The French and Spanish text of cases written in them (``documents.LANGUAGE_FIELDS``), each
#: searched with its own analyser: a word form of that language matches by its stem.
LANGUAGE_QUERY_FIELDS = [f"{name}^2" for name in LANGUAGE_FIELDS.values()]


def alternative_query(text: str) -> Query:
    """One way of saying a concept, in any searched field; title and summary weigh more than the body."""
    fields = ["title^3", "summary^2", "taxonomy_names^2", "search_text", *LANGUAGE_QUERY_FIELDS]
    if " " in text:
        # A phrase of the thesaurus: its words close together (a little slop: "plate number recognition").
        return Q("multi_match", query=text, fields=fields, type="phrase", slop=2)
    return Q("multi_match", query=text, fields=fields, type="best_fields")


def concept_query(concept: Concept, fuzzy: bool = False) -> Query:
    """Any alternative of the concept matches; the best one scores (``dis_max``)."""
    queries = [alternative_query(text) for text in concept.alternatives]
    if fuzzy and " " not in concept.typed:
        queries.append(
            Q(
                "match",
                search_text={"query": concept.typed, "fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 50},
            )
        )
    return Q("dis_max", queries=queries, tie_breaker=0.1)


def text_query(concepts: list[Concept], fuzzy: bool = False) -> Query:
    """Most concepts must match (all of one or two, then three quarters: ``expansion.required``)."""
    return Q(
        "bool",
        should=[concept_query(concept, fuzzy) for concept in concepts],
        minimum_should_match=required(len(concepts)),
    )


def access_filter(user: Any) -> Query | None:
    audience = user_audience(user)
    return None if audience is None else Q("terms", audience=audience)


class CatalogueFacetedSearch(FacetedSearch):
    """The catalogue's search; its facets' aggregations are made once per selection (``facet_parts``)."""

    facets = FACET_OBJECTS
    doc_types: list = []

    def __init__(self, client: Elasticsearch, user: Any, request: SearchRequest, fuzzy: bool = False) -> None:
        self.using = client
        self.index = alias_name()
        self._access = access_filter(user)
        self._fuzzy = fuzzy
        self.selection = dict(request.filters)
        super().__init__(request.query or None, dict(request.filters), sort_order(request))

    def aggregate(self, search: Search) -> None:
        """Nothing here: ``request_bodies`` adds the aggregations ``facet_aggregations`` keeps per selection."""

    def search(self) -> Search:
        s = super().search().source(CARD_FIELDS)
        if self._access is not None:
            s = s.filter(self._access)
        return s

    def query(self, search: Search, query: Any) -> Search:
        if not query:
            return search
        concepts = expand(query)
        if not concepts:
            return search.query(MatchNone())
        # The whole question close together ranks a case higher (phrase and proximity boosts).
        boosts = [
            Q("match_phrase", title={"query": query, "boost": 4, "slop": 2}),
            Q("match_phrase", summary={"query": query, "boost": 2, "slop": 4}),
            Q("match_phrase", search_text={"query": query, "boost": 1, "slop": 8}),
            *(Q("match_phrase", **{name: {"query": query, "boost": 2, "slop": 4}}) for name in LANGUAGE_FIELDS.values()),
        ]
        search = search.query(Q("bool", must=[text_query(concepts, self._fuzzy)], should=boosts))
        return search.highlight_options(
            pre_tags=[HIGHLIGHT_PRE],
            post_tags=[HIGHLIGHT_POST],
            require_field_match=False,
            fragment_size=160,
        ).highlight("title", "summary", number_of_fragments=0).highlight(
            *SNIPPET_FIELDS, number_of_fragments=1
        )


def sort_order(request: SearchRequest) -> list[Any]:
    if request.sort == SORT_RELEVANCE and request.query:
        return ["_score", {"first_published_at": "desc"}, {"page_id": "desc"}]
    if request.sort == SORT_TITLE:
        return ["title.raw", "page_id"]
    return [{"first_published_at": "desc"}, {"page_id": "desc"}]


def build(
    client: Elasticsearch, request: SearchRequest, user: Any, page: int, fuzzy: bool = False
) -> CatalogueFacetedSearch:
    faceted = CatalogueFacetedSearch(client, user, request, fuzzy)
    start = (page - 1) * PER_PAGE
    return faceted[start : start + PER_PAGE]


def request_bodies(faceted: CatalogueFacetedSearch) -> list[dict[str, Any]]:
    """The ``_msearch`` lines for one catalogue search: the page of hits, and the counts.

    Same query and access filter in both. The counts — every facet's, and the total
    (a ``filter`` aggregation with the facet selections) — go in a separate ``size: 0``
    request because Elasticsearch's shard request cache keeps only such results: a
    facet combination many visitors use (the landing page above all) is then counted
    once per index refresh instead of on every request. The hits request carries the
    post-filter, sort, page and highlighting, no aggregations, and does not count
    its hits (``track_total_hits: false``), which lets Elasticsearch skip documents
    that cannot make the page (date-sort optimisation, block-max WAND for text).
    """
    body = faceted._s.to_dict()
    aggs = facet_aggregations(faceted.selection)
    selections = body.get("post_filter", {"match_all": {}})
    counts: dict[str, Any] = {
        "size": 0,
        "track_total_hits": False,
        "aggs": {**aggs, TOTAL_AGG: {"filter": selections}},
    }
    if "query" in body:
        counts["query"] = body["query"]
    body["track_total_hits"] = False
    index = alias_name()
    return [{"index": index}, body, {"index": index, "request_cache": True}, counts]


class Sent:
    """A catalogue search on its way (``early_send``): its requests built and sent here, their answers read later.

    Two searches, sent at once on two connections: the counts (``size: 0``, usually answered from the shard
    request cache in a few milliseconds) and the hits (the text query, sort, page and highlighting: most of
    Elasticsearch's time). ``read`` takes the counts first and, while the hits are still being computed,
    builds the facets and hands them to ``prepare`` (the page's facet HTML, chips and applied filters), so
    that work is off the page's critical path. The page's other work (the query log, the top of the
    template) runs while both are answered. An error of either round trip is raised by ``read``, where the
    fallback to the database catches it.
    """

    def __init__(self, client: Elasticsearch, request: SearchRequest, user: Any) -> None:
        self.started = time.perf_counter()
        self.request = request
        self.faceted = build(client, request, user, request.page)
        hits_header, hits_body, _counts_header, counts_body = request_bodies(self.faceted)
        dumps = client.transport.serializers.dumps
        path = f"/{quote(hits_header['index'], safe='')}/_search"
        url, timeout = settings.ELASTICSEARCH_URL, float(settings.ELASTICSEARCH_TIMEOUT)
        counts, hits = dumps(counts_body, mimetype=early_send.JSON), dumps(hits_body, mimetype=early_send.JSON)
        self.counts = early_send.send(url, timeout, f"{path}?request_cache=true", counts, early_send.JSON)
        self.hits = early_send.send(url, timeout, path, hits, early_send.JSON)
        #: Called with the facets and the total once the counts are read and before the hits are
        #: (``listing.CatalogueListing.prepare``).
        self.prepare: Callable[[dict[str, FacetResult], int], None] | None = None

    def abandon(self) -> None:
        """The answers will not be read (the page took another way)."""
        self.counts.abandon()
        self.hits.abandon()

    def read(self) -> tuple[list[dict[str, Any]] | None, dict[str, dict[str, int]], int, dict[str, FacetResult] | None]:
        """The hits, the counts, the total and the facets (None when the search is sent again: see ``search``)."""
        try:
            counts, total = counts_of(self.faceted, self.counts.answer())
            if wants_typo_tolerance(self.request, total) or self.request.page > last_page(total):
                self.hits.abandon()  # the page sends another search: these hits are not needed
                return None, counts, total, None
            facets = facet_results(counts, self.request)  # while Elasticsearch computes the hits
            if self.prepare is not None:
                self.prepare(facets, total)
        except BaseException:
            self.hits.abandon()
            raise
        return self.hits.answer()["hits"]["hits"], counts, total, facets


def execute(
    client: Elasticsearch, faceted: CatalogueFacetedSearch
) -> tuple[list[dict[str, Any]], dict[str, dict[str, int]], int]:
    """One multi-search round trip: the page of hits (as Elasticsearch sent them), every facet's counts, and how many
    cases match."""
    hits_part, counts_part = client.msearch(searches=request_bodies(faceted)).body["responses"]
    if "error" in hits_part:
        raise SearchFailed(str(hits_part["error"])[:300])
    counts, total = counts_of(faceted, counts_part)
    return hits_part["hits"]["hits"], counts, total


def counts_of(faceted: CatalogueFacetedSearch, counts_part: dict[str, Any]) -> tuple[dict[str, dict[str, int]], int]:
    """Every facet's counts and the total from the counts search's answer."""
    if "error" in counts_part:
        raise SearchFailed(str(counts_part["error"])[:300])
    aggregations = counts_part["aggregations"]
    counts = {key: bucket_counts(aggregations[f"_filter_{key}"][key]["buckets"]) for key in faceted.facets}
    return counts, aggregations[TOTAL_AGG]["doc_count"]


def bucket_counts(buckets: list[dict[str, Any]] | dict[str, dict[str, Any]]) -> dict[str, int]:
    """A terms aggregation's list of buckets, or a filters aggregation's named ones (the review facet)."""
    if isinstance(buckets, dict):
        return {name: bucket["doc_count"] for name, bucket in buckets.items() if bucket["doc_count"]}
    return {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}


def wants_typo_tolerance(request: SearchRequest, total: int) -> bool:
    """Whether a search that found ``total`` cases is sent again, typo-tolerant: only when the words as typed (and
    their synonyms) find nothing. Fuzzy expansion costs several times more, and exact matches should not be diluted."""
    return not total and bool(request.query)


def last_page(total: int) -> int:
    """The last page of ``total`` results (a page asked for past it is sent again as this one)."""
    return max(1, min(MAX_PAGE, -(-total // PER_PAGE)))


def search(client: Elasticsearch, request: SearchRequest, user: Any, sent: Sent | None = None) -> Results:
    """The catalogue's answer; ``sent``: its first round trip, already on its way (``Sent``)."""
    started = sent.started if sent is not None else time.perf_counter()
    page = request.page
    messages = list(request.messages)
    fuzzy = False
    facets = None
    if sent is not None:
        found, counts, total, facets = sent.read()
        response = found or []  # None: sent again below (typo tolerance, or the last page)
    else:
        response, counts, total = execute(client, build(client, request, user, page))
    if wants_typo_tolerance(request, total):
        fuzzy = True
        response, counts, total = execute(client, build(client, request, user, page, fuzzy))
        facets = None
        if total:
            messages.append(
                _("No case contains “%(query)s” exactly; these cases contain words spelled similarly.")
                % {"query": request.query}
            )
    num_pages = last_page(total)
    if page > num_pages:
        # A crafted or stale URL past the end: show the last page instead (one more request).
        if total:
            messages.append(_("There is no page %(page)d; this is the last page.") % {"page": page})
        page = num_pages
        if total:
            response, counts, total = execute(client, build(client, request, user, page, fuzzy))
    language = get_language()  # once for the page of cards, not once per name on it
    hits = [hit_from_response(hit, language) for hit in response]
    attach_images(hits)
    return search_results(
        request, hits, counts, total=total, started=started, backend=BACKEND_ELASTICSEARCH, page=page,
        messages=messages, facets=facets,
    )


def hit_from_response(hit: dict[str, Any], language: str | None = None) -> Hit:
    """A card from one hit of the answer's JSON (read directly: elasticsearch-dsl's wrappers cost more than the card)."""
    result = hit_from_source(hit.get("_source") or {}, language)
    result.score = hit.get("_score")
    highlight = hit.get("highlight")
    if highlight:
        if "title" in highlight:
            result.title_html = safe_highlight(highlight["title"][0])
        if "summary" in highlight:
            result.summary_html = safe_highlight(highlight["summary"][0])
        for name in SNIPPET_FIELDS:
            for fragment in highlight.get(name, [])[:1]:
                result.highlights.append(safe_highlight(fragment))
        result.highlights = result.highlights[:2]
    return result


def suggest(client: Elasticsearch, prefix: str, user: Any, size: int) -> list[dict[str, str]]:
    s = Search(using=client, index=alias_name()).source(["title", "url"])
    access = access_filter(user)
    if access is not None:
        s = s.filter(access)
    s = s.query("match", **{"title.autocomplete": {"query": prefix, "operator": "and"}})
    s = s.sort("_score", {"first_published_at": "desc"})[:size]
    return [{"title": hit.title, "url": hit.url} for hit in s.execute()]


def related(client: Elasticsearch, page: UseCasePage, user: Any, size: int) -> list[Hit]:
    """Cases whose text is most like this one's, sharing taxonomy values ranked higher; the user's only."""
    like = " ".join(str(getattr(page, name, "") or "") for name in TEXT_FIELDS)
    shared = [
        Q("terms", use_categories=[v.slug for v in page.use_categories.all()], boost=2),
        Q("terms", ai_techniques=[v.slug for v in page.ai_techniques.all()]),
        Q("terms", crime_areas=[v.slug for v in page.crime_areas.all()]),
    ]
    mlt = Q(
        "more_like_this",
        fields=list(TEXT_FIELDS),
        like=like,
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=30,
        minimum_should_match="20%",
        boost=3,
    )
    s = Search(using=client, index=alias_name()).source(CARD_FIELDS)
    access = access_filter(user)
    if access is not None:
        s = s.filter(access)
    # Similar text ranks first; cases sharing a category, technique or crime area fill the list.
    s = s.query(
        Q("bool", should=[mlt, *shared], minimum_should_match=1, must_not=[Q("ids", values=[str(page.pk)])])
    )[:size]
    hits = [hit_from_source(hit.to_dict()) for hit in s.execute()]
    attach_images(hits)
    return hits
