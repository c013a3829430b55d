"""Every case of a catalogue search, in the catalogue's order, as a stream of ids (for the exports).

``catalogue_search`` answers one page of twenty; an export needs the whole result set,
which may be 100,000 cases, without holding it in memory. The same request
(``showcase.search.request_from_params``) is run through the same backend the catalogue
would use, with the same visibility rules, but read in chunks:

* Elasticsearch: the catalogue's own ``FacetedSearch`` (same text query, access filter,
  facet post-filter and sort, typo tolerance only when the words as typed find nothing),
  paged with ``search_after`` on the sort values (the sort ends with ``page_id``, so it is
  total). If Elasticsearch fails before the first chunk, the database answers instead,
  as the catalogue does; a failure in mid-stream ends the download incomplete.
* Database: the catalogue's own queryset (visible live cases, text match, facet filters)
  read with a server-side cursor (``QuerySet.iterator``); ranked by relevance, Wagtail's
  database search is read slice by slice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.db.models.functions import Lower

from ..search import BACKEND_DATABASE, BACKEND_ELASTICSEARCH, SearchRequest, database
from ..search.database_text import ranked_matches
from ..search.connection import SEARCH_ERRORS, alias_name, elasticsearch_in_use, fell_back, search_client
from ..search.facets import SORT_RELEVANCE, SORT_TITLE


#: Ids read per round trip (Elasticsearch page size, database cursor chunk).
ID_CHUNK = 1000


@dataclass
class Matching:
    backend: str
    ids: Iterator[int]


def matching_ids(
    search: SearchRequest, user: Any, chunk: int | None = None, *, within: Collection[int] | None = None
) -> Matching:
    """The ids of every case ``search`` finds for ``user``, in the catalogue's order.

    ``within``: only among these case ids (the search alerts ask about the few cases published
    since their last digest, not the whole catalogue).
    """
    chunk = chunk or ID_CHUNK
    if elasticsearch_in_use():
        try:
            pages = _elasticsearch_pages(search, user, chunk, within)
            first = next(pages, [])  # fail here, before the response starts, if the node is down
            return Matching(BACKEND_ELASTICSEARCH, chain.from_iterable(chain([first], pages)))
        except SEARCH_ERRORS as error:
            fell_back("export", error)
    return Matching(BACKEND_DATABASE, _database_ids(search, user, chunk, within))


# --- Elasticsearch -------------------------------------------------------------------------


def _elasticsearch_body(
    search: SearchRequest, user: Any, fuzzy: bool, chunk: int, within: Collection[int] | None = None
) -> dict[str, Any]:
    from ..search.elastic import CatalogueFacetedSearch

    body = CatalogueFacetedSearch(search_client(), user, search, fuzzy).build_search().to_dict()
    for unused in ("aggs", "highlight", "from"):
        body.pop(unused, None)
    if within is not None:
        only = {"terms": {"page_id": sorted(within)}}
        body["query"] = {"bool": {"must": [body.get("query", {"match_all": {}})], "filter": [only]}}
    body.update({"_source": ["page_id"], "size": chunk, "track_total_hits": False})
    return body


def _elasticsearch_pages(
    search: SearchRequest, user: Any, chunk: int, within: Collection[int] | None = None
) -> Iterator[list[int]]:
    client = search_client()
    found = False
    for fuzzy in (False, True):
        body = _elasticsearch_body(search, user, fuzzy, chunk, within)
        while True:
            response = client.search(index=alias_name(), **body).body
            hits = response["hits"]["hits"]
            if hits:
                found = True
                yield [int(hit["_source"]["page_id"]) for hit in hits]
            if len(hits) < chunk:
                break
            body["search_after"] = hits[-1]["sort"]
        # Like the catalogue: typo tolerance only when the words as typed find nothing.
        if found or not search.query:
            return


# --- Database --------------------------------------------------------------------------------


def _database_ids(search: SearchRequest, user: Any, chunk: int, within: Collection[int] | None = None) -> Iterator[int]:
    cases = database.visible_cases(user)
    if within is not None:
        cases = cases.filter(pk__in=list(within))
    if search.query:
        # The catalogue's own matching and ranking (thesaurus, most concepts required, typos).
        order = ranked_matches(search.query, within=cases) or []
        selected = database.apply_filters(cases.filter(pk__in=order), search.filters)
        if search.sort == SORT_RELEVANCE:
            shown = set(selected.order_by().values_list("pk", flat=True))
            yield from (pk for pk in order if pk in shown)
            return
    else:
        selected = database.apply_filters(cases, search.filters)
    order_by = [Lower("title"), "pk"] if search.sort == SORT_TITLE else ["-first_published_at", "-pk"]
    yield from selected.order_by(*order_by).values_list("pk", flat=True).iterator(chunk_size=chunk)
