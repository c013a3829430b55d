"""The catalogue's query log and promoted cases, on Wagtail's ``search_promotions`` models.

``record`` logs one catalogue search (first page only: paging is not a new
question): the normalised text in Wagtail's ``Query`` with a daily hit, and per
day and set of filters how many searches found nothing (``QueryOutcome``).
Nothing about who searched is stored: no user, address, session or time of day.
``with_promotions`` puts the cases editors promoted for a query (Wagtail's
"Promoted search results") first, among those the visitor may see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import F, Model
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string

from ..models import QueryOutcome, UseCasePage
from ..stamp_memo import StampMemo
from ..visibility import visible_pages
from .facets import SORT_RELEVANCE
from .request import SearchRequest
from .results import PER_PAGE, Results
from .stamp import stamp_now

MAX_LOGGED_LENGTH = 255


def filters_key(request: SearchRequest) -> str:
    """The selected filters, in a stable order (``stage=pilot&technique=nlp``), cut to the column's length."""
    parts = [f"{key}={value}" for key, values in sorted(request.filters.items()) for value in sorted(values)]
    return "&".join(parts)[:MAX_LOGGED_LENGTH]


def record(request: SearchRequest, results: Results) -> int | None:
    """Log a first-page search; the id of its outcome row (for ``clicks.click_token``), None without a query.

    A later page is not logged again but returns the row of its first page, so
    results opened from page 2 count too.
    """
    return start_record(request)(results)


def start_record(request: SearchRequest) -> Callable[[Results], int | None]:
    """``record`` in two steps: what needs no answer now (while the search runs), the outcome when it is known."""
    if not request.query:
        return lambda _results: None
    question = normalise_query_string(request.query[:MAX_LOGGED_LENGTH])
    filters = filters_key(request)
    if request.page != 1:
        found = (
            QueryOutcome.objects.filter(query__query_string=question, date=timezone.localdate(), filters=filters)
            .values_list("pk", flat=True)
            .first()
        )
        return lambda _results: found
    day = connection.ops.adapt_datefield_value(timezone.localdate())
    # The outcome row counted now, while the search runs; its result count after, only when it changed
    # (a search repeated with the same number of results costs no statement once answered).
    counted = _count_in_one_statement(question, day, filters) if connection.vendor == "postgresql" else None
    pk, last_count = counted or _count(question, day, filters)

    def outcome(results: Results) -> int:
        if not results.total or results.total != last_count:
            QueryOutcome.objects.filter(pk=pk).update(
                zero_results=F("zero_results") + (0 if results.total else 1), last_result_count=results.total
            )
        return pk

    return outcome


def _count(question: str, day: Any, filters: str) -> tuple[int, int]:
    """Log one search in two upserts (after Wagtail's get-or-create of the question): ``(outcome id, last result count)``.

    Two upserts instead of Wagtail's add_hit() and get_or_create() + update() (five statements).
    """
    query = Query.get(question)
    _upsert(QueryDailyHits, {"query_id": query.pk, "date": day, "hits": 1}, ("query_id", "date"), "hits = {t}.hits + 1")
    values = {"query_id": query.pk, "date": day, "filters": filters, "searches": 1, "zero_results": 0,
              "last_result_count": 0, "opened": 0}  # fmt: skip
    unique = ("query_id", "date", "filters")
    pk, last_count = _upsert(QueryOutcome, values, unique, "searches = {t}.searches + 1", returning=("id", "last_result_count"))
    return pk, last_count


def _count_in_one_statement(question: str, day: Any, filters: str) -> tuple[int, int] | None:
    """``_count`` in one round trip on PostgreSQL (data-modifying ``WITH``); None when it could not say.

    Every searched page writes these while Elasticsearch answers; under a rush each round trip is CPU
    taken from the search node on the same machine. A question inserted by a concurrent search after
    this statement's snapshot is invisible to it: no row comes back, and ``_count`` logs it instead.
    """
    quote = connection.ops.quote_name
    query, hits, outcome = (quote(model._meta.db_table) for model in (Query, QueryDailyHits, QueryOutcome))
    sql = (
        f"WITH inserted AS (INSERT INTO {query} (query_string) VALUES (%(question)s) "
        f"ON CONFLICT (query_string) DO NOTHING RETURNING id), "
        f"asked AS (SELECT id FROM inserted UNION ALL SELECT id FROM {query} WHERE query_string = %(question)s), "
        f"hit AS (INSERT INTO {hits} (query_id, date, hits) SELECT id, %(day)s, 1 FROM asked "
        f"ON CONFLICT (query_id, date) DO UPDATE SET hits = {hits}.hits + 1) "
        f"INSERT INTO {outcome} (query_id, date, filters, searches, zero_results, last_result_count, opened) "
        f"SELECT id, %(day)s, %(filters)s, 1, 0, 0, 0 FROM asked "
        f"ON CONFLICT (query_id, date, filters) DO UPDATE SET searches = {outcome}.searches + 1 "
        f"RETURNING id, last_result_count"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"question": question, "day": day, "filters": filters})
        row = cursor.fetchone()
    return (row[0], row[1]) if row is not None else None


def _upsert(
    model: type[Model], values: dict[str, Any], unique: tuple[str, ...], update: str, returning: tuple[str, ...] = ("id",)
) -> tuple[Any, ...]:
    """Insert a row or update the one with the same ``unique`` columns, in one statement; its ``returning`` columns.

    ``INSERT … ON CONFLICT … DO UPDATE … RETURNING``: PostgreSQL and SQLite (3.35+) alike.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(name) for name in values)
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(values))}) "
        f"ON CONFLICT ({', '.join(quote(name) for name in unique)}) DO UPDATE SET {update.format(t=table)} "
        f"RETURNING {', '.join(quote(name) for name in returning)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(values.values()))
        return tuple(cursor.fetchone())


#: Per catalogue stamp, the (normalised) questions editors promoted cases for: almost every search has none,
#: and then reads nothing. Every save or deletion of a promotion moves the stamp (``showcase.stamp_signals``).
_promoted_questions = StampMemo(max_entries=8)


def _promoted_questions_now() -> frozenset[str]:
    promoted = SearchPromotion.objects.filter(page__isnull=False)
    return _promoted_questions.get_or_read(
        stamp_now(), lambda: frozenset(promoted.values_list("query__query_string", flat=True))
    )


def promoted_ids(query: str, user: Any) -> list[int]:
    """The live cases promoted for ``query`` that ``user`` may see, in the editors' order."""
    question = normalise_query_string(query)
    if question not in _promoted_questions_now():
        return []
    ids = list(
        SearchPromotion.objects.filter(query__query_string=question, page__isnull=False)
        .order_by("sort_order", "pk")
        .values_list("page_id", flat=True)
    )
    if not ids:
        return []
    visible = set(visible_pages(UseCasePage.objects.live(), user).filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in visible]


def with_promotions(request: SearchRequest, results: Results, user: Any) -> Results:
    """Promoted cases first on the first page of a relevance-ordered search without filters."""
    return promotions_for(request, user)(results)


def promotions_for(request: SearchRequest, user: Any) -> Callable[[Results], Results]:
    """``with_promotions`` in two steps: the promoted cases read now (while the search runs), applied to its answer."""
    if not request.query or request.page != 1 or request.sort != SORT_RELEVANCE or request.filters:
        return lambda results: results
    ids = promoted_ids(request.query[:MAX_LOGGED_LENGTH], user)
    if not ids:
        return lambda results: results
    from .database import hits_for  # the cards of pages by id (the database backend builds them)

    promoted = hits_for(ids)

    def apply(results: Results) -> Results:
        rest = [hit for hit in results.hits if hit.page_id not in set(ids)]
        results.hits = (promoted + rest)[:PER_PAGE]
        results.total = max(results.total, len(promoted))
        return results

    return apply
