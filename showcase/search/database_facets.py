"""The database backend's facet counts: every facet of a group counted in one SQL statement over one scope.

A group of facets is counted over one set of cases (its *scope*: the visible cases,
or those the text matched, with the other facets' filters applied). The scope is
written once as a materialised common table expression and every facet is a
``GROUP BY`` over it in the same ``UNION ALL`` statement: the scope is worked out
once (not once per facet), nothing travels to Python but the counts, and all counts
come from one snapshot of the database.

Two ways to count, with the same result:

* the foreign keys, countries, review date and year are columns of the scope itself,
  read in the same pass over the cases as their ids (``SCALAR_FIELDS``);
* the many-to-many and tag facets come from their through tables: *direct*, the rows
  of the scope's cases; or *complement*, for a scope that is most of the catalogue (the
  unfiltered catalogue: every case but the drafts and restricted ones), every row of the
  table minus the rows of the cases *outside* the scope. The first part is read from the
  table's index alone, the second touches a few hundred cases instead of thousands.

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
from .facets import FACETS, FacetSpec
from .id_sets import ids_condition

#: The key of the scope's size in a statement's rows (no facet has this key).
TOTAL = "__total__"
SCOPE, OUTSIDE = "facet_scope", "facet_outside"  # the common table expressions
PAGE_ID = UseCasePage._meta.pk.column  # the case id: its page's id


def _scalar_field(spec: FacetSpec) -> str:
    """The case field a foreign-key, country, year or review facet reads (its column in the scope)."""
    if spec.kind == "fk":
        return UseCasePage._meta.get_field(spec.relation).attname
    return "countries" if spec.kind == "country" else spec.relation


#: The scope's columns after the id: every scalar facet's field, read in the same pass as the id.
SCALAR_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(_scalar_field(spec) for spec in FACETS if spec.kind not in ("m2m", "tag"))
)


@dataclass(frozen=True)
class Scope:
    """A subquery selecting the cases of a scope (id, then ``SCALAR_FIELDS``) and its parameters; no SQL: no case."""

    sql: str
    params: tuple[object, ...]

    @classmethod
    def of_queryset(cls, cases: QuerySet) -> Scope:
        try:
            sql, params = cases.order_by().values_list("pk", *SCALAR_FIELDS).query.sql_with_params()
        except EmptyResultSet:  # e.g. no id matched: Django compiles no SQL for an empty ``IN``
            return cls("", ())
        return cls(sql, tuple(params))

    @classmethod
    def of_ids(cls, ids: Iterable[int]) -> Scope:
        return cls.of_queryset(UseCasePage.objects.filter(ids_condition(list(ids))))


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(name: str) -> str:
    return connection.ops.quote_name(name)


def _scope_column(spec: FacetSpec) -> str:
    return f"s.f{SCALAR_FIELDS.index(_scalar_field(spec))}"


def _slugs(grouped: str, target: type) -> str:
    """The values' slugs joined to counts grouped by value id (``v``, ``n``): a join of a few rows, not thousands."""
    return f"({grouped}) g JOIN {_table(target)} t ON t.{_column(target._meta.pk.column)} = g.v"


def _relation_part(spec: FacetSpec, within: str | None, sign: str) -> str:
    """``key, value, ±count`` per value of a many-to-many facet, for the cases of ``within`` (None: every case)."""
    if spec.kind == "tag":
        tag = UseCaseTag._meta.get_field("tag")
        through, case_id = UseCaseTag, UseCaseTag._meta.get_field("content_object").column
        target, value_id = tag.related_model, tag.column
    else:
        field = UseCasePage._meta.get_field(spec.relation)
        through, case_id = field.remote_field.through, field.m2m_column_name()
        target, value_id = field.related_model, field.m2m_reverse_name()
    case_id, value_id = f"m.{_column(case_id)}", f"m.{_column(value_id)}"
    counted = f"COUNT(DISTINCT {case_id})" if spec.kind == "tag" else "COUNT(*)"
    where = f" WHERE {case_id} IN (SELECT id FROM {within})" if within else ""
    grouped = f"SELECT {value_id} AS v, {sign}{counted} AS n FROM {_table(through)} m{where} GROUP BY {value_id}"
    return f"SELECT '{spec.key}' AS facet, t.slug AS value, g.n AS n FROM {_slugs(grouped, target)}"


def _scalar_part(spec: FacetSpec) -> tuple[str, list[object]]:
    """``key, value, count`` per value of a foreign-key, country, year or review facet, from the scope's columns."""
    column, params = _scope_column(spec), []
    if spec.kind == "fk":
        grouped = f"SELECT {column} AS v, COUNT(*) AS n FROM {SCOPE} s GROUP BY {column}"
        target = UseCasePage._meta.get_field(spec.relation).related_model
        return f"SELECT '{spec.key}' AS facet, t.slug AS value, g.n AS n FROM {_slugs(grouped, target)}", params
    if spec.kind == "review":
        value = f"CASE WHEN {column} < %s THEN '{OUT_OF_DATE}' ELSE '{CURRENT}' END"
        params = [connection.ops.adapt_datefield_value(today())]
    elif spec.kind == "year":
        # The stored UTC timestamp's first four characters: the year the Elasticsearch document holds
        # (PostgreSQL's text form is in the connection's time zone, UTC, as Django sets it).
        value = f"SUBSTR(CAST({column} AS TEXT), 1, 4)"
    else:
        value = column
    # GROUP BY the column's position: the value expression (and its parameters) written once.
    return f"SELECT '{spec.key}' AS facet, {value} AS value, COUNT(*) AS n FROM {SCOPE} s GROUP BY 2", params


def _materialised() -> str:
    # Both databases evaluate a CTE used more than once only once; the keyword makes it explicit
    # (PostgreSQL 12+, SQLite 3.35+).
    if connection.vendor == "sqlite":
        import sqlite3

        return "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""
    return "MATERIALIZED " if connection.vendor == "postgresql" else ""


def statement(scope: Scope, specs: list[FacetSpec], *, complement: bool, total: bool) -> tuple[str, list[object]]:
    """The one statement counting ``specs`` over ``scope`` (and its size when ``total``).

    ``complement``: the many-to-many facets as every case's rows minus those of the cases outside the scope.
    """
    keyword = _materialised()
    columns = ", ".join(["id", *(f"f{i}" for i in range(len(SCALAR_FIELDS)))])
    ctes = [f"{SCOPE}({columns}) AS {keyword}({scope.sql})"]
    params: list[object] = list(scope.params)
    relations = [spec for spec in specs if spec.kind in ("m2m", "tag")]
    if complement and relations:
        cases = _table(UseCasePage)
        ctes.append(f"{OUTSIDE}(id) AS {keyword}(SELECT {PAGE_ID} FROM {cases} WHERE {PAGE_ID} NOT IN (SELECT id FROM {SCOPE}))")
    parts: list[str] = []
    for spec in specs:
        if spec in relations:
            arms = [(None, ""), (OUTSIDE, "-")] if complement else [(SCOPE, "")]
            parts += [_relation_part(spec, within, sign) for within, sign in arms]
        else:
            sql, part_params = _scalar_part(spec)
            parts.append(sql)
            params += part_params
    if total:
        parts.append(f"SELECT '{TOTAL}' AS facet, NULL AS value, COUNT(*) AS n FROM {SCOPE}")
    return "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts), params


def count(scope: Scope, specs: list[FacetSpec], *, complement: bool = False, total: bool = False) -> tuple[dict[str, Counter], int | None]:
    """Counts per value of each facet in ``specs`` over the cases of ``scope``; the scope's size when ``total``."""
    counts: dict[str, Counter] = {spec.key: Counter() for spec in specs}
    size: int | None = None
    if not scope.sql:
        return counts, 0
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
