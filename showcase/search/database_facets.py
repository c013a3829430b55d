"""The database backend's facet counts: every facet of a group counted in one SQL statement over one scope.

A group of facets is counted over one set of cases (its *scope*: the visible cases,
or those the text matched, with the other facets' filters applied). The scope is
written once as a materialised common table expression and every facet is a
``GROUP BY`` over it in the same ``UNION ALL`` statement: the scope is worked out
once (not once per facet), nothing travels to Python but the counts, and all counts
come from one snapshot of the database.

Two ways to count, with the same result:

* *direct*: the rows of the scope's cases (many-to-many and tag facets straight from
  their through tables; foreign keys, countries and the review date from the case
  table; the year from the page table);
* *complement*, for a scope that is most of the catalogue (the unfiltered catalogue:
  every case but the drafts and restricted ones): every row of the tables, minus
  the rows of the cases *outside* the scope. The first part is read from the tables'
  indexes alone, the second touches a few hundred cases instead of thousands.

Counts are distinct cases per value: the many-to-many tables have a unique (case,
value) pair; the tag table has none, so tags count ``DISTINCT`` cases (a sum of
distinct counts over disjoint sets of cases is still exact). Countries are a
comma-separated column (django-countries), counted per stored list and split here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from ..models import UseCasePage, UseCaseTag
from ..review_dates import CURRENT, OUT_OF_DATE, today
from .facets import FacetSpec
from .id_sets import ids_subquery

#: The key of the scope's size in a statement's rows (no facet has this key).
TOTAL = "__total__"


@dataclass(frozen=True)
class Scope:
    """A subquery selecting the ids of a set of cases, and its parameters."""

    sql: str
    params: tuple[object, ...]

    @classmethod
    def of_queryset(cls, cases: QuerySet) -> Scope:
        try:
            sql, params = cases.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # e.g. no id matched: Django compiles no SQL for an empty ``IN``
            return cls("SELECT 0 WHERE 1 = 0", ())
        return cls(sql, tuple(params))

    @classmethod
    def of_ids(cls, ids: Iterable[int]) -> Scope:
        subquery = ids_subquery(list(ids))
        if subquery is None:  # neither SQLite nor PostgreSQL: the ORM's own list
            return cls.of_queryset(UseCasePage.objects.filter(pk__in=list(ids)))
        return cls(subquery[0], tuple(subquery[1]))


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(name: str) -> str:
    return connection.ops.quote_name(name)


CASES = "c"  # the case table's alias in every part
SCOPE, OUTSIDE = "facet_scope", "facet_outside"  # the two common table expressions
PAGE_ID = UseCasePage._meta.pk.column  # the case id: its page's id


def _source(spec: FacetSpec) -> tuple[str, str, str, list[object]]:
    """(FROM clause, the case id column, the value expression, its parameters) of one facet."""
    cases = f"{_table(UseCasePage)} {CASES}"
    if spec.kind == "tag":
        tag = UseCaseTag._meta.get_field("tag")
        target = tag.related_model
        source = (
            f"{_table(UseCaseTag)} m JOIN {_table(target)} t "
            f"ON t.{_column(target._meta.pk.column)} = m.{_column(tag.column)}"
        )
        return source, f"m.{_column(UseCaseTag._meta.get_field('content_object').column)}", "t.slug", []
    if spec.kind == "m2m":
        field = UseCasePage._meta.get_field(spec.relation)
        through, target = field.remote_field.through, field.related_model
        source = (
            f"{_table(through)} m JOIN {_table(target)} t "
            f"ON t.{_column(target._meta.pk.column)} = m.{_column(field.m2m_reverse_name())}"
        )
        return source, f"m.{_column(field.m2m_column_name())}", "t.slug", []
    if spec.kind == "fk":
        field = UseCasePage._meta.get_field(spec.relation)
        target = field.related_model
        source = f"{cases} JOIN {_table(target)} t ON t.{_column(target._meta.pk.column)} = {CASES}.{_column(field.column)}"
        return source, f"{CASES}.{PAGE_ID}", "t.slug", []
    if spec.kind == "country":
        return cases, f"{CASES}.{PAGE_ID}", f"{CASES}.{_column('countries')}", []
    if spec.kind == "review":
        column = f"{CASES}.{_column(UseCasePage._meta.get_field(spec.relation).column)}"
        value = f"CASE WHEN {column} < %s THEN '{OUT_OF_DATE}' ELSE '{CURRENT}' END"
        return cases, f"{CASES}.{PAGE_ID}", value, [connection.ops.adapt_datefield_value(today())]
    if spec.kind == "year":
        # The stored UTC timestamp's first four characters: the year the Elasticsearch document holds
        # (PostgreSQL's text form is in the connection's time zone, UTC, as Django sets it).
        source = f"{_table(UseCasePage._meta.pk.related_model)} p JOIN {cases} ON {CASES}.{PAGE_ID} = p.id"
        return source, f"{CASES}.{PAGE_ID}", "SUBSTR(CAST(p.first_published_at AS TEXT), 1, 4)", []
    raise ValueError(spec.kind)


def _part(spec: FacetSpec, within: str | None, sign: str) -> tuple[str, list[object]]:
    """``key, value, ±count`` per value of one facet, for the cases of the CTE ``within`` (None: every case)."""
    source, case_id, value, params = _source(spec)
    counted = f"COUNT(DISTINCT {case_id})" if spec.kind == "tag" else "COUNT(*)"
    where = f" WHERE {case_id} IN (SELECT id FROM {within})" if within else ""
    # GROUP BY the column's position: the value expression (and its parameters) written once.
    return f"SELECT '{spec.key}' AS facet, {value} AS value, {sign}{counted} AS n FROM {source}{where} GROUP BY 2", params


def _materialised() -> str:
    # Both databases evaluate a CTE used more than once only once; the keyword makes it explicit
    # (PostgreSQL 12+, SQLite 3.35+).
    if connection.vendor == "sqlite":
        import sqlite3

        return "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""
    return "MATERIALIZED " if connection.vendor == "postgresql" else ""


def statement(scope: Scope, specs: list[FacetSpec], *, complement: bool, total: bool) -> tuple[str, list[object]]:
    """The one statement counting ``specs`` over ``scope`` (and its size when ``total``)."""
    keyword = _materialised()
    ctes = [f"{SCOPE}(id) AS {keyword}({scope.sql})"]
    params: list[object] = list(scope.params)
    if complement:
        cases = _table(UseCasePage)
        ctes.append(
            f"{OUTSIDE}(id) AS {keyword}(SELECT {PAGE_ID} FROM {cases} WHERE {PAGE_ID} NOT IN (SELECT id FROM {SCOPE}))"
        )
    parts: list[str] = []
    for spec in specs:
        arms = [(None, ""), (OUTSIDE, "-")] if complement else [(SCOPE, "")]
        for within, sign in arms:
            sql, part_params = _part(spec, within, sign)
            parts.append(sql)
            params += part_params
    if total:
        parts.append(f"SELECT '{TOTAL}' AS facet, NULL AS value, COUNT(*) AS n FROM {SCOPE}")
    return "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts), params


def count(scope: Scope, specs: list[FacetSpec], *, complement: bool = False, total: bool = False) -> tuple[dict[str, Counter], int | None]:
    """Counts per value of each facet in ``specs`` over the cases of ``scope``; the scope's size when ``total``."""
    counts: dict[str, Counter] = {spec.key: Counter() for spec in specs}
    size: int | None = None
    if not specs and not total:
        return counts, size
    sql, params = statement(scope, specs, complement=complement, total=total)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    kinds = {spec.key: spec.kind for spec in specs}
    for key, value, n in rows:
        if key == TOTAL:
            size = int(n)
        elif value not in (None, ""):
            for item in value.split(",") if kinds[key] == "country" else (value,):
                if item:
                    counts[key][str(item)] += int(n)
    for counter in counts.values():
        for value in [v for v, n in counter.items() if n <= 0]:
            del counter[value]
    return counts, size
