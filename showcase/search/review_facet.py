"""The Elasticsearch side of the "review" facet: is a case past its review-due day?

Whether a case is out of date changes with the calendar, not with the case, so
the index holds the day (``review_due``) and the facet compares it with today
(the application's today, ``review_dates.today``, so a frozen clock in the tests
and the database backend agree) in a ``filters`` aggregation.
"""

from __future__ import annotations

from typing import Any

from elasticsearch.dsl import A, Q
from elasticsearch.dsl.faceted_search import Facet
from elasticsearch.dsl.query import MatchNone, Query

from ..review_dates import CURRENT, OUT_OF_DATE, REVIEW_VALUES, today


class ReviewFacet(Facet):
    agg_type = "filters"

    def __init__(self, field: str) -> None:
        super().__init__()
        self.field = field

    def get_aggregation(self) -> Any:
        return A("filters", filters={value: self.get_value_filter(value) for value in REVIEW_VALUES})

    def get_value_filter(self, filter_value: str) -> Query:
        past = Q("range", **{self.field: {"lt": today().isoformat()}})
        if filter_value == OUT_OF_DATE:
            return past
        if filter_value == CURRENT:
            return Q("bool", must_not=[past])
        return MatchNone()

    def add_filter(self, filter_values: list[Any]) -> Query | None:  # type: ignore[override]
        if not filter_values:
            return MatchNone()
        query = self.get_value_filter(filter_values[0])
        for value in filter_values[1:]:
            query |= self.get_value_filter(value)
        return query
