"""The editors' "Catalogue searches" report in Wagtail's admin (Reports menu).

Three lists over the last 7, 30 or 90 days, from the anonymous query log
(``QueryOutcome``): the most frequent queries, the queries that found nothing,
and the queries whose results nobody opened (found something at least N times,
``opened`` still 0 — counted by ``showcase.search.clicks``). Each query links to
Wagtail's "Promoted search results" for it, so an editor can pin a case there.
Wagtail's ``ReportView`` gives the table, sorting and the CSV/XLSX export.
Readers need ``showcase.view_queryoutcome`` (the Editors group and superusers,
``moderation.setup``). Any unknown or hostile parameter falls back to the default.
"""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django.db.models import F, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query
from wagtail.permission_policies import ModelPermissionPolicy

from .models import QueryOutcome

FREQUENT, NO_RESULTS, UNOPENED = "frequent", "no-results", "unopened"
LISTS = [
    (FREQUENT, _("Most frequent queries")),
    (NO_RESULTS, _("Queries with no results")),
    (UNOPENED, _("Queries whose results nobody opened")),
]
PERIODS = [(7, _("Last 7 days")), (30, _("Last 30 days")), (90, _("Last 90 days"))]
DEFAULT_PERIOD = 30
DEFAULT_MIN_SEARCHES = 3
MAX_MIN_SEARCHES = 100_000


def _choice(raw: str | None, choices: list, default):
    for value, _label in choices:
        if str(value) == raw:
            return value
    return default


def clean_min_searches(raw: str | None) -> int:
    """At least 1, at most ``MAX_MIN_SEARCHES``; the default for anything that is not a small whole number."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return DEFAULT_MIN_SEARCHES
    return min(max(int(raw), 1), MAX_MIN_SEARCHES)


class SearchReportFilterSet(WagtailFilterSet):
    # The values are read by the view (``clean_…``); the filters only draw the form.
    list = django_filters.ChoiceFilter(label=_("List"), choices=LISTS, method="as_is", empty_label=None)
    period = django_filters.ChoiceFilter(label=_("Period"), choices=PERIODS, method="as_is", empty_label=None)
    min_searches = django_filters.NumberFilter(
        label=_("Searched at least (unopened list)"), method="as_is", min_value=1, max_value=MAX_MIN_SEARCHES
    )

    class Meta:
        model = Query
        fields: list[str] = []

    def as_is(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        return queryset


def query_counts(since) -> QuerySet:
    """Each query asked since ``since`` with its searches, searches without results and opened results."""
    recent = Q(catalogue_outcomes__date__gte=since)
    return Query.objects.annotate(
        searches=Sum("catalogue_outcomes__searches", filter=recent, default=0),
        without_results=Sum("catalogue_outcomes__zero_results", filter=recent, default=0),
        results_opened=Sum("catalogue_outcomes__opened", filter=recent, default=0),
    ).filter(searches__gt=0)


def report_rows(kind: str, period: int, min_searches: int) -> QuerySet:
    rows = query_counts(timezone.localdate() - timedelta(days=period - 1))
    if kind == NO_RESULTS:
        return rows.filter(without_results__gt=0)
    if kind == UNOPENED:
        rows = rows.annotate(with_results=F("searches") - F("without_results"))
        return rows.filter(with_results__gte=min_searches, results_opened=0)
    return rows


def promote_url(query: Query) -> str:
    return reverse("wagtailsearchpromotions:edit", args=[query.pk])


class SearchReportView(ReportView):
    page_title = _("Catalogue searches")
    header_icon = "search"
    index_url_name = "catalogue_search_report"
    index_results_url_name = "catalogue_search_report_results"
    filterset_class = SearchReportFilterSet
    permission_policy = ModelPermissionPolicy(QueryOutcome)
    permission_required = "view"
    default_ordering = ("-searches", "query_string")
    columns = [
        TitleColumn("query_string", label=_("Query (select it to promote a case)"), sort_key="query_string",
                    get_url=promote_url),
        NumberColumn("searches", label=_("Searches"), sort_key="searches"),
        NumberColumn("without_results", label=_("Searches without results"), sort_key="without_results"),
        NumberColumn("results_opened", label=_("Results opened"), sort_key="results_opened"),
    ]
    list_export = ["query_string", "searches", "without_results", "results_opened"]
    export_headings = {
        "query_string": _("Query"),
        "searches": _("Searches"),
        "without_results": _("Searches without results"),
        "results_opened": _("Results opened"),
    }

    @property
    def kind(self) -> str:
        return _choice(self.request.GET.get("list"), LISTS, FREQUENT)

    def get_ordering(self):
        if "ordering" in self.request.GET:
            return super().get_ordering()
        if self.kind == NO_RESULTS:
            return ("-without_results", "query_string")
        return self.default_ordering

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self) -> QuerySet:
        period = _choice(self.request.GET.get("period"), PERIODS, DEFAULT_PERIOD)
        return report_rows(self.kind, period, clean_min_searches(self.request.GET.get("min_searches")))
