"""A set of case ids as one query parameter, so thousands of matches stay cheap to send and to plan.

The database backend narrows the facet counts and the page to the ids its text search
matched: up to every case of the catalogue. As ``pk__in=[…]`` Django compiles one
placeholder per id into every query that uses them (a noticeable part of a search at
10,000 cases); here the ids travel as one JSON text (SQLite's ``json_each``) or one
array (PostgreSQL's ``unnest``) inside a subquery.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL


def ids_subquery(ids: Collection[int]) -> tuple[str, list[object]] | None:
    """A subquery selecting ``ids`` (one column) and its one parameter; None on other databases.

    Sorted: SQLite then reads the cases' rows in the order they are stored (fewer pages).
    """
    values = sorted({int(pk) for pk in ids})
    if connection.vendor == "sqlite":
        return "SELECT value FROM json_each(%s)", [json.dumps(values)]
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::integer[])", [values]
    return None


def ids_condition(ids: Collection[int], field: str = "pk") -> Q:
    """``field`` is one of ``ids``."""
    values = [int(pk) for pk in ids]
    subquery = ids_subquery(values) if values else None
    if subquery is None:
        return Q(**{f"{field}__in": values})
    return Q(**{f"{field}__in": RawSQL(*subquery)})
