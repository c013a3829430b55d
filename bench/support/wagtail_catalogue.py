"""The catalogue page built the ordinary Wagtail way, for the like-for-like comparison of bench/search.py (issue 20.2).

Benchmark-only: served by ``bench.support.wagtail_urls`` (the site's URLs plus
``/bench/wagtail-catalogue/``), in the benchmark's process, never in production.

The same page as ``/cases/`` — Wagtail's routing and view-restriction check, the same
template, the same cards and facet groups — but the search is the one a Wagtail developer
writes: ``backend.search()`` on ``UseCasePage.objects.live().public()`` with the filters on
the queryset, a slice of it for the page (Wagtail loads those pages from the database), and
one ``.facet()`` per facet. ``.facet()`` works only on foreign keys, so this page counts the
four foreign-key facets (stage, organisation type, risk tier, decision role); the other
facet groups show only their selected values. Its facet side therefore does less than ours:
the comparison favours it. ``.public()`` is what keeps pages with a view restriction out; it
costs (f) most of its time when many cases are restricted (docs/PERFORMANCE.md explains why).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from wagtail.models import Page

#: Our facet key → the foreign key Wagtail filters and facets on (a FilterField bench/search.py adds).
FOREIGN_KEYS = {
    "stage": "deployment_stage",
    "organisation_type": "organisation_type",
    "risk_tier": "risk_tier_claimed",
    "decision_role": "decision_role",
}
BACKEND_ALIAS = "bench_es8"


def _slug_maps() -> dict[str, dict[int, str]]:
    from showcase.search.facets import FACETS_BY_KEY

    return {
        key: dict(FACETS_BY_KEY[key].model._default_manager.values_list("pk", "slug")) for key in FOREIGN_KEYS
    }


def wagtail_search(search: Any) -> Any:
    """Hits, counts and total for ``search`` (a ``SearchRequest``), through Wagtail's search API only."""
    from modelsearch.query import MATCH_ALL
    from wagtail.search.backends import get_search_backend

    from showcase.models import UseCasePage
    from showcase.search.cards import attach_images, search_results
    from showcase.search.database import hit_from_page
    from showcase.search.results import BACKEND_ELASTICSEARCH, PER_PAGE

    backend = get_search_backend(BACKEND_ALIAS)
    slugs = _slug_maps()
    filters = {}
    for key, values in search.filters.items():
        if key in FOREIGN_KEYS:
            wanted = set(values)
            filters[f"{FOREIGN_KEYS[key]}__in"] = [pk for pk, slug in slugs[key].items() if slug in wanted]
    queryset = (
        UseCasePage.objects.live().public().filter(visibility="public", **filters)
        .select_related("deployment_stage", "organisation_type").prefetch_related("use_categories")
        .order_by("-first_published_at")
    )
    text = search.query or MATCH_ALL
    by_relevance = bool(search.query)
    results = backend.search(text, queryset, operator="and", order_by_relevance=by_relevance)
    start = (search.page - 1) * PER_PAGE
    hits = [hit_from_page(page) for page in results[start : start + PER_PAGE]]
    attach_images(hits)
    total = results.count()
    counts = {
        key: {
            slugs[key].get(pk, str(pk)): n
            for pk, n in backend.search(text, queryset, operator="and").facet(f"{field}_id").items()
            if pk is not None
        }
        for key, field in FOREIGN_KEYS.items()
    }
    import time

    return search_results(
        search, hits, counts, total=total, started=time.perf_counter(), backend=BACKEND_ELASTICSEARCH,
        page=search.page, messages=list(search.messages),
    )


def wagtail_catalogue(request: HttpRequest) -> HttpResponse:
    """``/bench/wagtail-catalogue/?…``: the catalogue page, its search done the Wagtail way."""
    from showcase.listing import CatalogueListing, clean_params
    from showcase.search.request import request_from_params

    routed = Page.route_for_request(request, "/cases/")
    if routed is None:
        raise Http404("No catalogue")
    page = routed[0]
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            return redirect("/")
    search = request_from_params(request.GET)
    results = wagtail_search(search)
    params = clean_params(request.GET)
    listing = CatalogueListing(search=search, params=params, results=results)
    return page.render(request, context_overrides={"listing": listing})
