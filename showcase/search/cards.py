"""Shared by both backends: facet value labels, result cards from pages, and card thumbnails.

Labels come from the database in one query (all taxonomies at once) plus one for
the tags on show, so a renamed value shows its new name at once, and the index
stores only slugs for filtering.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from ..models import UseCasePage
from ..review_dates import CURRENT, OUT_OF_DATE
from .facets import FACETS, FacetSpec
from .request import SearchRequest
from .results import FacetResult, FacetValue, Hit, Results
from .card_images import attach_images  # noqa: F401 (the backends and the results cache call it from here)
from .taxonomy_names import invalidate_labels, tag_labels, taxonomy_positions, translate_name  # noqa: F401 (sync connects the first)


def search_results(
    request: SearchRequest,
    hits: list[Hit],
    counts: Mapping[str, Mapping[str, int]],
    *,
    total: int,
    started: float,
    backend: str,
    page: int,
    messages: list[str],
    facets: dict[str, FacetResult] | None = None,
) -> Results:
    """The answer of either backend: its cards, the facets built from its counts (or ``facets``, built from them
    already), and the time since ``started``."""
    return Results(
        hits=hits,
        facets=facets if facets is not None else facet_results(counts, request),
        total=total,
        took_ms=(time.perf_counter() - started) * 1000,
        backend=backend,
        page=page,
        messages=messages,
    )


def facet_results(counts: Mapping[str, Mapping[str, int]], request: SearchRequest) -> dict[str, FacetResult]:
    """Every facet with its values, counts and selection, in display order.

    Values with no case are left out unless selected (a selected value stays visible so it
    can be unticked). A selected value that does not exist is listed in ``unknown`` (the
    page names it; as a filter it matches nothing).
    """
    language = get_language() or ""  # once, not once per country on show
    taxonomies = taxonomy_positions()
    legends = facet_legends()
    tag_names = tag_labels([*counts.get("tag", {}), *request.filters.get("tag", ())])
    results: dict[str, FacetResult] = {}
    for spec in FACETS:
        facet_counts = counts.get(spec.key, {})
        chosen = request.filters.get(spec.key, ())
        selected = set(chosen)
        values: list[FacetValue] = []
        if spec.kind in ("fk", "m2m"):
            # The values with cases, and the selected ones, in the editors' order (not every value of the taxonomy).
            existing = taxonomies.get(spec.key, {})
            shown = [slug for slug, count in facet_counts.items() if count and slug in existing]
            shown.extend(slug for slug in selected if slug in existing and not facet_counts.get(slug))
            shown.sort(key=lambda slug, places=existing: places[slug][0])
            values = [FacetValue(slug, existing[slug][1], facet_counts.get(slug, 0), slug in selected) for slug in shown]
            unknown = [v for v in chosen if v not in existing]
        else:
            unknown = [v for v in chosen if not _exists(spec, v, tag_names, language)]
            keys = {k for k, c in facet_counts.items() if c} | (selected - set(unknown))
            for key in keys:
                label = _label(spec, key, tag_names, language)
                values.append(FacetValue(key, label, facet_counts.get(key, 0), key in selected))
            if spec.kind == "tag":
                values.sort(key=lambda v: (-v.count, v.label.casefold()))
            elif spec.kind == "year":
                values.sort(key=lambda v: v.value, reverse=True)
            else:
                values.sort(key=lambda v: v.label)
        results[spec.key] = FacetResult(spec.key, legends[spec.key], values, unknown)
    return results


def facet_legends() -> dict[str, str]:
    """Every facet's legend in the active language (translated once per process and language)."""
    language = get_language() or ""
    legends = _legends.get(language)
    if legends is None:
        legends = _legends[language] = {spec.key: str(spec.label) for spec in FACETS}
    return legends


_legends: dict[str, dict[str, str]] = {}


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the active language or ``language`` (django-countries translates the list per call)."""
    language = language or get_language() or ""
    names = _country_names.get(language)
    if names is None:
        names = _country_names[language] = {code: str(name) for code, name in country_names}
    return names.get(code, code)


_country_names: dict[str, dict[str, str]] = {}


def _exists(spec: FacetSpec, value: str, tag_names: Mapping[str, str], language: str | None = None) -> bool:
    if spec.kind == "tag":
        return value in tag_names
    if spec.kind == "country":
        return country_name(value, language) != value
    if spec.kind == "review":
        return value in REVIEW_LABELS
    return True  # a year: any four digits (a year without cases simply counts zero)


def _label(spec: FacetSpec, value: str, tag_names: Mapping[str, str], language: str | None = None) -> str:
    if spec.kind == "tag":
        return tag_names.get(value, value)
    if spec.kind == "country":
        return country_name(value, language)
    if spec.kind == "review":
        return str(REVIEW_LABELS.get(value, value))
    return value


#: The review facet's values as readers see them.
REVIEW_LABELS = {CURRENT: _("Confirmed within its review period"), OUT_OF_DATE: _("May be out of date")}


# --- Cards ----------------------------------------------------------------------------------


def hit_from_page(page: UseCasePage) -> Hit:
    """A result card from a page loaded with ``UseCasePageQuerySet.with_card_data()``-like prefetching."""
    return Hit(
        page_id=page.pk,
        url=page.get_url() or page.url_path,
        title=page.title,
        summary=page.summary,
        organisation=page.organisation_display,
        countries=[country.name for country in page.countries],
        stage=page.deployment_stage.localized_name if page.deployment_stage_id else "",
        categories=[c.localized_name for c in page.use_categories.all()],
        published=page.first_published_at,
        content_language=page.content_language,
        attendees_only=page.is_attendees_only,
        case_number=page.case_number or "",
    )


def localized(path: str, language: str | None = None) -> str:
    """An indexed page path (stored in the default language) in the active language, or ``language``.

    English pages have no prefix (``prefix_default_language=False``), the others
    ``/<code>/``, as ``i18n_patterns`` serves them.
    """
    language = language or translation.get_language()
    if not path.startswith("/") or not language or language == settings.LANGUAGE_CODE:
        return path
    if language not in dict(settings.LANGUAGES):
        return path
    return f"/{language}{path}"


def hit_from_source(source: Mapping[str, Any], language: str | None = None) -> Hit:
    """A card from an indexed case; ``language``: the active one, when the caller already asked (a page of cards)."""
    from django.utils.dateparse import parse_datetime

    language = language or get_language() or settings.LANGUAGE_CODE
    published = source.get("first_published_at")
    return Hit(
        page_id=int(source["page_id"]),
        url=localized(source.get("url") or "", language),
        title=source.get("title", ""),
        summary=source.get("summary", ""),
        organisation=source.get("organisation", ""),
        countries=[country_name(code, language) for code in source.get("countries") or []],
        stage=translate_name("stage", source.get("deployment_stage_name") or "", language),
        categories=[translate_name("category", name, language) for name in source.get("use_category_names") or []],
        published=parse_datetime(published) if published else None,
        content_language=source.get("content_language") or "en",
        attendees_only=bool(source.get("attendees_only")),
        may_have_image=source.get("has_image") is not False,
        case_number=source.get("case_number") or "",
    )
