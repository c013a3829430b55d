"""The database search backend: Wagtail's search for text, SQL aggregation for facet counts.

Used on the embedded default (no ``ELASTICSEARCH_URL``) and as the fallback while
Elasticsearch is down or slow. Same ``Results`` as the Elasticsearch backend:

* text: ``database_text.ranked_matches`` — Wagtail's database search (SQLite FTS5
  or PostgreSQL full text) per concept of the expanded query (thesaurus, typo
  corrections), most concepts required, ranked by the concepts matched and where;
  the matching ids (visible cases only) then bound the counts and the page;
* facets: several values of one facet OR, facets AND; each facet is counted over
  the cases matching the text and every *other* facet. Facets that are not
  selected share one set of cases, each selected facet has its own; each such group
  is counted in one statement (``database_facets``). Without a text query the page
  needs no text machinery: the counts over the visible cases, the page of cards by
  one ordered query.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from ..models import UseCasePage, UseCaseTag
from ..review_dates import CURRENT, OUT_OF_DATE, today
from ..visibility import visible_pages
from .cards import attach_images, hit_from_page, search_results
from . import database_facets
from .database_text import ranked_matches
from .id_sets import ids_condition
from .facets import FACETS, FACETS_BY_KEY, SORT_RELEVANCE, SORT_TITLE, FacetSpec
from .request import SearchRequest
from .results import BACKEND_DATABASE, MAX_PAGE, PER_PAGE, Hit, Results

M2M_KINDS = ("m2m", "tag")


def visible_cases(user: Any) -> QuerySet[UseCasePage]:
    return visible_pages(UseCasePage.objects.live(), user)


def value_filter(spec: FacetSpec, values: tuple[str, ...]) -> Q:
    """Cases with at least one of ``values`` (no values: no case)."""
    if not values:
        return Q(pk__in=[])
    if spec.kind in ("fk", "m2m", "tag"):
        return Q(**{f"{spec.relation}__slug__in": values})
    if spec.kind == "country":
        # A 2-letter code cannot match across the commas of the stored "NL,KE" list.
        condition = Q()
        for code in values:
            condition |= Q(countries__contains=code)
        return condition
    if spec.kind == "year":
        return Q(first_published_at__year__in=[int(v) for v in values])
    if spec.kind == "review":
        return review_condition(spec, values)
    raise ValueError(spec.kind)


def review_condition(spec: FacetSpec, values: tuple[str, ...]) -> Q:
    """Past the review-due day (``out-of-date``) or not (``current``, including cases without a date)."""
    past = Q(**{f"{spec.relation}__lt": today()})
    condition = Q(pk__in=[])
    if OUT_OF_DATE in values:
        condition |= past
    if CURRENT in values:
        condition |= ~past | Q(**{f"{spec.relation}__isnull": True})
    return condition


def apply_filters(cases: QuerySet, filters: dict[str, tuple[str, ...]], skip: str | None = None) -> QuerySet:
    for key, values in filters.items():
        if key == skip:
            continue
        spec = FACETS_BY_KEY[key]
        condition = value_filter(spec, values)
        if spec.kind in M2M_KINDS:
            # A subquery, not a join: no duplicate rows, and counts stay per case.
            cases = cases.filter(pk__in=UseCasePage.objects.filter(condition).values("pk"))
        else:
            cases = cases.filter(condition)
    return cases


def facet_counts(
    cases: QuerySet, filters: dict[str, tuple[str, ...]], *, matched: bool = False
) -> tuple[dict[str, dict[str, int]], int | None]:
    """Counts per facet value, each facet with the other facets' filters applied but not its own;
    and the number of cases every filter selects (None when every facet is filtered on).

    ``cases`` are the visible cases (``matched``: those the text matched). Each group of facets
    sharing a scope is counted in one statement (``database_facets``); a scope that is all the
    visible cases (no text, no other facet's filter) is counted as the catalogue minus the rest.
    """
    counts: dict[str, dict[str, int]] = {}
    total: int | None = None
    groups: dict[str | None, list[FacetSpec]] = defaultdict(list)
    for spec in FACETS:
        groups[spec.key if spec.key in filters else None].append(spec)
    for own, specs in groups.items():
        scope = apply_filters(cases, filters, skip=own)
        unfiltered = not matched and not (set(filters) - {own})
        found, size = database_facets.count(
            database_facets.Scope.of_queryset(scope), specs, complement=unfiltered, total=own is None
        )
        counts.update({key: dict(counter) for key, counter in found.items()})
        if own is None:  # the facets no filter is on are counted over the cases all filters select
            total = size
    return counts, total


def search(request: SearchRequest, user: Any) -> Results:
    started = time.perf_counter()
    cases = visible_cases(user)
    ranked = request.query and request.sort == SORT_RELEVANCE
    order: list[int] = []
    if request.query:
        order = ranked_matches(request.query, within=cases) or []
        # The matched ids are visible cases already: the counts and the page need not check again.
        cases = UseCasePage.objects.filter(ids_condition(order))
    counts, total = facet_counts(cases, request.filters, matched=bool(request.query))
    selected = apply_filters(cases, request.filters)
    if total is None:
        total = selected.count()
    num_pages = max(1, min(MAX_PAGE, -(-total // PER_PAGE)))
    messages = list(request.messages)
    page = request.page
    if page > num_pages:
        if total:
            messages.append(_("There is no page %(page)d; this is the last page.") % {"page": page})
        page = num_pages
    start = (page - 1) * PER_PAGE
    if ranked:
        if request.filters:
            shown = set(selected.order_by().values_list("pk", flat=True))
            order = [pk for pk in order if pk in shown]
        page_ids = order[start : start + PER_PAGE]
        hits = hits_for(page_ids)
    else:
        order = [Lower("title"), "pk"] if request.sort == SORT_TITLE else ["-first_published_at", "-pk"]
        hits = _hits(selected.order_by(*order)[start : start + PER_PAGE])
        attach_images(hits)
    return search_results(
        request, hits, counts, total=total, started=started, backend=BACKEND_DATABASE, page=page, messages=messages
    )


def hits_for(page_ids: list[int]) -> list[Hit]:
    """Cards for these pages, in this order, in a fixed number of queries."""
    if not page_ids:
        return []
    pages = {hit.page_id: hit for hit in _hits(UseCasePage.objects.filter(pk__in=page_ids))}
    hits = [pages[pk] for pk in page_ids if pk in pages]
    attach_images(hits)
    return hits


def _hits(pages: QuerySet[UseCasePage]) -> list[Hit]:
    return [
        hit_from_page(page)
        for page in pages.select_related("deployment_stage", "organisation_type").prefetch_related("use_categories")
    ]


def suggest(prefix: str, user: Any, size: int) -> list[dict[str, str]]:
    cases = visible_cases(user)
    for word in prefix.split()[:5]:
        cases = cases.filter(title__icontains=word)
    return [
        {"title": case.title, "url": case.get_url() or case.url_path}
        for case in cases.order_by("-first_published_at", "-pk").only("pk", "title", "url_path")[:size]
    ]


def related(page: UseCasePage, user: Any, size: int) -> list[Hit]:
    """Cases sharing the most taxonomy values and tags with ``page`` (then the newest)."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    overlap = Value(0, output_field=IntegerField())
    for spec in FACETS:
        if spec.kind not in ("m2m", "tag") or spec.key == "region":
            continue
        if spec.kind == "tag":
            own = list(page.tags.values_list("pk", flat=True))
            through = UseCaseTag.objects.filter(tag_id__in=own, content_object_id=OuterRef("pk"))
            column = "content_object_id"
        else:
            model_field = UseCasePage._meta.get_field(spec.relation)
            source, target = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
            own = list(getattr(page, spec.relation).values_list("pk", flat=True))
            through = model_field.remote_field.through.objects.filter(
                **{f"{target}_id__in": own, f"{source}_id": OuterRef("pk")}
            )
            column = f"{source}_id"
        if not own:
            continue
        shared = through.order_by().values(column).annotate(n=Count("pk")).values("n")
        overlap = overlap + Coalesce(Subquery(shared, output_field=IntegerField()), 0)
    candidates = (
        visible_cases(user)
        .exclude(pk=page.pk)
        .annotate(overlap=overlap)
        .filter(overlap__gt=0)
        .order_by("-overlap", "-first_published_at", "-pk")
        .values_list("pk", flat=True)[:size]
    )
    return hits_for(list(candidates))
