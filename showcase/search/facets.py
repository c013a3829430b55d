"""The catalogue's facets and searchable text, defined once for both search backends.

A facet is a query-string key (``/cases/?category=video-analytics``), the
keyword field of the search document that holds the values, and the
``UseCasePage`` relation the database backend counts on. Values are slugs
(taxonomies, tags), ISO 3166 codes (countries) or years. The key, legend and
fields of every facet but the year come from ``showcase.public_fields``;
``FILTER_ORDER`` only says in which order the catalogue offers them.

Several values of one facet combine with OR, facets combine with AND, and a
facet's counts are computed with every *other* facet's selection applied but
not its own (so ticking a second category shows how many more cases it adds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from ..review_dates import REVIEW_VALUES
from ..public_fields import PUBLIC_FIELDS, SEARCHED_TEXT, PublicField, Relation

#: The text a query searches, the same fields as ``UseCasePage.search_fields`` (the database
#: backend's index, built from the same declaration), so that both backends look at the same words.
TEXT_FIELDS: tuple[str, ...] = SEARCHED_TEXT

#: Terms aggregations return 10 buckets unless told otherwise; these bounds are larger than any
#: facet can grow. Taxonomies have about twenty values each (editors may add some); ISO 3166 has
#: 249 countries; free tags are unbounded in principle, so the catalogue shows at most this many
#: distinct tags (the most used first) — a documented limit, not a silent cut at ten.
TAXONOMY_FACET_SIZE = 200
COUNTRY_FACET_SIZE = 300
TAG_FACET_SIZE = 500
YEAR_FACET_SIZE = 200

#: At most this many values of one facet are applied; more are ignored with a notice.
MAX_VALUES_PER_FACET = 30
#: A value that cannot be a slug, ISO code or year is never looked up.
MAX_VALUE_LENGTH = 120
VALUE_PATTERN = re.compile(r"[-\w]+")

Kind = Literal["fk", "m2m", "tag", "country", "year", "review"]


@dataclass(frozen=True)
class FacetSpec:
    key: str  # the query-string parameter, and the key in Results.facets
    label: Promise  # the group's legend
    kind: Kind
    field: str  # the keyword field of the search document
    relation: str = ""  # the UseCasePage field the database backend filters and counts on
    model: type[Model] | None = None  # taxonomies and tags: looked up by slug
    size: int = TAXONOMY_FACET_SIZE

    def normalise(self, value: str) -> str:
        """The canonical form of a value from a URL (country codes are upper case)."""
        value = value.strip()
        return value.upper() if self.kind == "country" else value

    def accepts(self, value: str) -> bool:
        """Could ``value`` be a value of this facet at all? (Unknown but well-formed values are fine.)"""
        if not value or len(value) > MAX_VALUE_LENGTH or not VALUE_PATTERN.fullmatch(value):
            return False
        if self.kind == "year":
            return value.isdigit() and len(value) == 4
        if self.kind == "review":
            return value in REVIEW_VALUES
        if self.kind == "country":
            return len(value) == 2 and value.isalpha() and value.isascii()
        return True


#: The order the catalogue offers its filters in (the most used first); every facet once.
FILTER_ORDER: tuple[str, ...] = (
    "category", "technique", "crime_area", "stage", "organisation_type", "region", "country",
    "risk_tier", "decision_role", "affected", "tag", "year", "review",
)  # fmt: skip


def _facet(field: PublicField) -> FacetSpec:
    """The filter on a public field: a taxonomy (by slug), the countries (ISO codes) or the free tags."""
    if isinstance(field, Relation):
        kind: Kind = "m2m" if field.many else "fk"
        return FacetSpec(field.facet, field.facet_label, kind, field.name, field.attribute, field.model)
    if field.kind == "date":  # the review-due day: is it past (computed at search time, see review_dates)
        return FacetSpec(field.facet, field.facet_label, "review", field.name, field.attribute, size=len(REVIEW_VALUES))
    if field.kind == "tags":
        return FacetSpec(field.facet, field.facet_label, "tag", field.name, field.attribute, Tag, size=TAG_FACET_SIZE)
    return FacetSpec(field.facet, field.facet_label, "country", field.name, field.attribute, size=COUNTRY_FACET_SIZE)


#: Not a public field of its own: the year of the first publication.
YEAR_FACET = FacetSpec("year", _("Year published"), "year", "year", "first_published_at", size=YEAR_FACET_SIZE)
_ALL_FACETS = {spec.key: spec for spec in (*(_facet(f) for f in PUBLIC_FIELDS if f.facet), YEAR_FACET)}
assert set(_ALL_FACETS) == set(FILTER_ORDER), "FILTER_ORDER names every facet once"
FACETS: tuple[FacetSpec, ...] = tuple(_ALL_FACETS[key] for key in FILTER_ORDER)
FACETS_BY_KEY: dict[str, FacetSpec] = {spec.key: spec for spec in FACETS}
TAXONOMY_FACETS: tuple[FacetSpec, ...] = tuple(f for f in FACETS if f.kind in ("fk", "m2m"))

#: Sort orders: relevance needs a query (without one it means newest first).
SORT_RELEVANCE, SORT_NEWEST, SORT_TITLE = "relevance", "newest", "title"
SORTS: dict[str, Promise] = {
    SORT_RELEVANCE: _("Best match"),
    SORT_NEWEST: _("Newest first"),
    SORT_TITLE: _("Title (A–Z)"),
}

Filters = dict[str, tuple[str, ...]]
