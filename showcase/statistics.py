"""The statistics page: how many cases there are by region, use, technique, stage, risk tier and year.

Every number comes from one catalogue search without a query
(``showcase.search.catalogue_search``), whose facet counts are exactly the numbers
the catalogue's filters show, for the cases the visitor may see (attendees see
their cases counted, nobody else does). Each count links to the catalogue
filtered by that value.

The charts are drawn on the server (``templates/showcase/includes/chart.html``:
HTML labels and SVG bars, no JavaScript); each has a sentence that says what it
shows and a data table, so nothing depends on seeing the bars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .http_cache import public_for_anonymous
from .pipeline_counts import pipeline_counts
from .search import FacetResult, Results, catalogue_search

#: A chart's bars are this many units wide at most (the SVG's viewBox).
BAR_SCALE = 100


@dataclass(frozen=True)
class ChartSpec:
    facet: str  # a key of showcase.search.facets.FACETS
    title: Promise
    table_caption: Promise
    value_heading: Promise
    # "%(top)s" is the label (or labels) of the largest bar.
    leader: Promise
    order: str = "count"  # "count" (largest first), "editorial" (the taxonomy's order), "chronological"
    several_per_case: bool = False  # a case may count under several values (many-to-many)


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(
        "region",
        gettext_lazy("Cases by region"),
        gettext_lazy("Number of cases per region"),
        gettext_lazy("Region"),
        gettext_lazy("Most cases are in %(top)s (%(count)d of %(total)d)."),
        several_per_case=True,
    ),
    ChartSpec(
        "category",
        gettext_lazy("Cases by use category"),
        gettext_lazy("Number of cases per use category"),
        gettext_lazy("Use category"),
        gettext_lazy("The most common use is %(top)s (%(count)d of %(total)d cases)."),
        several_per_case=True,
    ),
    ChartSpec(
        "technique",
        gettext_lazy("Cases by AI technique"),
        gettext_lazy("Number of cases per AI technique"),
        gettext_lazy("AI technique"),
        gettext_lazy("The most common AI technique is %(top)s (%(count)d of %(total)d cases)."),
        several_per_case=True,
    ),
    ChartSpec(
        "stage",
        gettext_lazy("Cases by deployment stage"),
        gettext_lazy("Number of cases per deployment stage"),
        gettext_lazy("Deployment stage"),
        gettext_lazy("The most common deployment stage is %(top)s (%(count)d of %(total)d cases)."),
        order="editorial",
    ),
    ChartSpec(
        "risk_tier",
        gettext_lazy("Cases by risk tier"),
        gettext_lazy("Number of cases per claimed EU AI Act risk tier"),
        gettext_lazy("Risk tier"),
        gettext_lazy("The most common risk tier is %(top)s (%(count)d of %(total)d cases)."),
        order="editorial",
    ),
    ChartSpec(
        "year",
        gettext_lazy("Cases published per year"),
        gettext_lazy("Number of cases published per year"),
        gettext_lazy("Year"),
        gettext_lazy("Most cases were published in %(top)s (%(count)d of %(total)d)."),
        order="chronological",
    ),
)


@dataclass
class Bar:
    label: str
    count: int
    length: float  # 0–BAR_SCALE, relative to the largest bar
    url: str  # the catalogue filtered by this value ("" when there is nothing to show)


@dataclass
class Chart:
    key: str
    title: str
    table_caption: str
    value_heading: str
    bars: list[Bar]
    summary: str  # the text alternative
    note: str = ""

    @property
    def element_id(self) -> str:
        return f"chart-{self.key.replace('_', '-')}"

    @property
    def bar_scale(self) -> int:
        return BAR_SCALE


@dataclass
class Statistics:
    total: int
    charts: list[Chart] = field(default_factory=list)
    notice: str = ""


def filter_url(catalogue_url: str, facet: str, value: str) -> str:
    params = QueryDict(mutable=True)
    params[facet] = value
    return f"{catalogue_url}?{params.urlencode()}"


def _join(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return _("%(list)s and %(last)s") % {"list": ", ".join(labels[:-1]), "last": labels[-1]}


def _ordered_values(spec: ChartSpec, facet: FacetResult) -> list[tuple[str, str, int]]:
    values = [(value.value, value.label, value.count) for value in facet.values if value.count]
    if spec.order == "count":
        values.sort(key=lambda v: (-v[2], v[1].casefold()))
    elif spec.order == "chronological" and values:
        counts = {value: count for value, _label, count in values}
        years = [int(value) for value in counts if value.isdigit()]
        # Years without a case are shown as empty bars, so the time line has no silent gaps.
        values = [(str(y), str(y), counts.get(str(y), 0)) for y in range(min(years), max(years) + 1)]
    return values  # "editorial": the taxonomy's order, as the search layer returns it


def summary_sentence(spec: ChartSpec, values: list[tuple[str, str, int]], total: int) -> str:
    if not values or total == 0:
        return _("There are no cases to count yet.")
    largest = max(count for _value, _label, count in values)
    leaders = [label for _value, label, count in values if count == largest]
    if len(leaders) > 1:
        return _("%(top)s have the most cases (%(count)d of %(total)d each).") % {
            "top": _join(leaders),
            "count": largest,
            "total": total,
        }
    return str(spec.leader) % {"top": leaders[0], "count": largest, "total": total}


def build_chart(spec: ChartSpec, facet: FacetResult, total: int, catalogue_url: str | None) -> Chart:
    values = _ordered_values(spec, facet)
    largest = max((count for _v, _l, count in values), default=0)
    bars = [
        Bar(
            label=label,
            count=count,
            length=round(BAR_SCALE * count / largest, 2) if largest else 0,
            url=filter_url(catalogue_url, spec.facet, value) if catalogue_url and count else "",
        )
        for value, label, count in values
    ]
    note = ""
    if spec.several_per_case:
        note = _("A case can count under several values, so the numbers can add up to more than the total.")
    return Chart(
        key=spec.facet,
        title=str(spec.title),
        table_caption=str(spec.table_caption),
        value_heading=str(spec.value_heading),
        bars=bars,
        summary=summary_sentence(spec, values, total),
        note=note,
    )


def build_statistics(results: Results, catalogue_url: str | None) -> Statistics:
    charts = [
        build_chart(spec, results.facets[spec.facet], results.total, catalogue_url)
        for spec in CHARTS
        if spec.facet in results.facets
    ]
    return Statistics(total=results.total, charts=charts, notice=results.notice)


def case_statistics(user: Any, catalogue_url: str | None) -> Statistics:
    """The counts of the cases ``user`` may see, as charts."""
    return build_statistics(catalogue_search(user=user), catalogue_url)


def _pipeline_signature(request: HttpRequest) -> Any:
    """The pipeline counts change with submissions and decisions, not only publications: part of the ETag."""
    counts = pipeline_counts()
    return counts.as_dict() if counts else None


# Attendees see more cases counted: public for anonymous readers only (showcase.http_cache).
@public_for_anonymous(extra=_pipeline_signature)
def statistics_view(request: HttpRequest) -> HttpResponse:
    """The statistics page. It takes no parameters: any query string is ignored."""
    from .feeds import catalogue_url

    return render(
        request,
        "showcase/statistics.html",
        {"statistics": case_statistics(request.user, catalogue_url(request)), "pipeline": pipeline_counts()},
    )

