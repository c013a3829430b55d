"""The facet part of a catalogue search's request: every facet's aggregation, with the other facets' selections.

elasticsearch-dsl's ``FacetedSearch`` builds them anew for every search: thirteen ``filter``
aggregations, each holding every other facet's selection, then serialised — most of the time
the request took to build. They depend on nothing but the selection and the day (the review
facet compares with today), so they are made once per (selection, day) and kept, as JSON-ready
dicts, exactly as ``FacetedSearch.aggregate`` makes them (the query, the visitor's access
filter, the ``post_filter``, sort and page are built per search, as before). Nothing of the
catalogue's data is in them: a cached part can never be stale or show anyone anything.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from elasticsearch.dsl import TermsFacet
from elasticsearch.dsl.query import MatchAll, MatchNone, Query

from ..review_dates import today
from .facets import FACETS
from .review_facet import ReviewFacet

Selection = tuple[tuple[str, tuple[str, ...]], ...]


class SelectionFacet(TermsFacet):
    """A terms facet whose empty selection (only unknown values) matches nothing, not everything."""

    def add_filter(self, filter_values: list[Any]) -> Query | None:  # type: ignore[override]
        if not filter_values:
            return MatchNone()
        return super().add_filter(filter_values)


FACET_OBJECTS = {
    spec.key: ReviewFacet(spec.field) if spec.kind == "review"
    else SelectionFacet(field=spec.field, size=spec.size, min_doc_count=1)
    for spec in FACETS
}


def facet_aggregations(filters: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """The ``aggs`` of a catalogue search with this selection, today. Shared between searches: never modify it."""
    return _aggregations(tuple(filters.items()), today().isoformat())


@lru_cache(maxsize=512)
def _aggregations(selection: Selection, _day: str) -> dict[str, Any]:
    selected: dict[str, Query] = {}
    for key, values in selection:
        query = FACET_OBJECTS[key].add_filter(list(values))
        if query is not None:
            selected[key] = query
    aggs: dict[str, Any] = {}
    for key, facet in FACET_OBJECTS.items():
        agg_filter: Query = MatchAll()
        for other, query in selected.items():
            if other != key:
                agg_filter &= query
        aggs[f"_filter_{key}"] = {"filter": agg_filter.to_dict(), "aggs": {key: facet.get_aggregation().to_dict()}}
    return aggs
