"""The catalogue listing: newest first, paginated, filtered by taxonomy values from the query string.

``/cases/?category=facial-recognition-real-time`` shows the cases with that use
category; the other keys are listed in ``FILTERS``. Unknown keys are ignored;
an unknown value gives an empty list and a message, never an error. (Full-text
search and facets arrive with the search layer, ``showcase/search/``.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .taxonomies import (
    AffectedPersonGroup,
    AITechnique,
    CrimeArea,
    DecisionRole,
    DeploymentStage,
    OrganisationType,
    Region,
    RiskTier,
    UseCategory,
)

CASES_PER_PAGE = 20
#: Values that cannot be a slug (too long, or with other characters, e.g. a NUL byte that
#: PostgreSQL would refuse) are reported as unknown without a query.
MAX_VALUE_LENGTH = 120
SLUG_LIKE = re.compile(r"[-\w]+")


@dataclass(frozen=True)
class CatalogueFilter:
    key: str  # the query-string parameter
    label: Promise  # what the value is, for the heading ("Use category: …")
    model: type[Model]  # looked up by slug
    lookup: str  # the UseCasePage relation it filters on


FILTERS: tuple[CatalogueFilter, ...] = (
    CatalogueFilter("category", _("Use category"), UseCategory, "use_categories"),
    CatalogueFilter("technique", _("AI technique"), AITechnique, "ai_techniques"),
    CatalogueFilter("crime_area", _("Crime area"), CrimeArea, "crime_areas"),
    CatalogueFilter("stage", _("Deployment stage"), DeploymentStage, "deployment_stage"),
    CatalogueFilter("organisation_type", _("Organisation type"), OrganisationType, "organisation_type"),
    CatalogueFilter("region", _("Region"), Region, "regions"),
    CatalogueFilter("risk_tier", _("Risk tier"), RiskTier, "risk_tier_claimed"),
    CatalogueFilter("decision_role", _("Decision role"), DecisionRole, "decision_role"),
    CatalogueFilter("affected", _("Affected persons"), AffectedPersonGroup, "affected_persons"),
    CatalogueFilter("tag", _("Tag"), Tag, "tags"),
)
FILTERS_BY_KEY = {f.key: f for f in FILTERS}


@dataclass(frozen=True)
class AppliedFilter:
    filter: CatalogueFilter
    raw_value: str
    value: Model | None  # None: no such value

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass
class Listing:
    results: PaginatorPage
    filters: list[AppliedFilter] = field(default_factory=list)

    @property
    def unknown_filters(self) -> list[AppliedFilter]:
        return [f for f in self.filters if not f.known]

    @property
    def is_filtered(self) -> bool:
        return bool(self.filters)


def paginate(cases: QuerySet, page_number: Any, per_page: int = CASES_PER_PAGE) -> PaginatorPage:
    """A page of results; a missing or malformed number gives page 1, a too-large one the last page."""
    return Paginator(cases, per_page).get_page(page_number)


def parse_filters(params: Mapping[str, Any]) -> list[AppliedFilter]:
    applied = []
    for catalogue_filter in FILTERS:
        raw = params.get(catalogue_filter.key)
        if raw is None or raw == "":
            continue
        raw = str(raw)
        value = None
        if len(raw) <= MAX_VALUE_LENGTH and SLUG_LIKE.fullmatch(raw):
            value = catalogue_filter.model._default_manager.filter(slug=raw).first()
        applied.append(AppliedFilter(catalogue_filter, raw, value))
    return applied


def catalogue_listing(cases: QuerySet, params: Mapping[str, Any]) -> Listing:
    """The page of cases to show for these query-string parameters."""
    filters = parse_filters(params)
    if any(not f.known for f in filters):
        cases = cases.none()
    for applied in filters:
        if applied.known:
            cases = cases.filter(**{applied.filter.lookup: applied.value})
    cases = cases.newest_first().with_card_data()
    return Listing(results=paginate(cases, params.get("page")), filters=filters)
