"""The shapes of the API's answers (they are the OpenAPI schema's components).

The case schemas are built from ``showcase.public_fields``: ``CaseSummary`` has the
fields of a list item, ``CaseDetail`` every public field, each with the type of its
kind and the declaration's description, so the documented shape and the allow-list
cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import create_model

from ..public_fields import PUBLIC_FIELDS, PublicField, Relation


class Error(Schema):
    detail: str = Field(description="What was wrong with the request, in plain words.")


class Term(Schema):
    slug: str
    name: str


class Country(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str


class Choice(Schema):
    code: str
    label: str


#: The answer type of a public field, by its kind (``relation``: by how many values it has).
TYPE_OF_KIND: dict[str, Any] = {
    "id": int,
    "text": str,
    "url": str,
    "choice": Choice | None,
    "countries": list[Country],
    "tags": list[Term],
    "flag": bool,
    "date": str | None,
    "relation": Term | None,
    "relations": list[Term],
}


def _case_schema(name: str, fields: tuple[PublicField, ...]) -> type[Schema]:
    definitions: dict[str, Any] = {}
    for field in fields:
        kind = "relations" if isinstance(field, Relation) and field.many else field.kind
        definitions[field.name] = (TYPE_OF_KIND[kind], Field(description=field.description))
    return create_model(name, __base__=Schema, **definitions)


#: A list item: a result card, plus the facet values as slugs and names.
CaseSummary = _case_schema("CaseSummary", tuple(field for field in PUBLIC_FIELDS if field.in_list))
#: One case: every public field.
CaseDetail = _case_schema("CaseDetail", PUBLIC_FIELDS)


class CaseList(Schema):
    query: str = Field(description="The text query as applied (control characters removed, shortened if too long).")
    filters: dict[str, list[str]] = Field(description="The facet values applied, by facet key.")
    sort: str
    page: int
    per_page: int
    num_pages: int
    total: int = Field(description="How many cases match (all pages).")
    backend: str = Field(description="elasticsearch, or database (the embedded search or the fallback).")
    notice: str = Field(description="Set when the search answers from the fallback.")
    messages: list[str] = Field(description="About the request: shortened query, unknown values, page after the last…")
    results: list[CaseSummary]


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facet(Schema):
    key: str = Field(description="The query parameter of this facet.")
    label: str
    values: list[FacetValue]
    unknown: list[str] = Field(description="Selected values that do not exist (they match nothing).")


class PipelineCountsSchema(Schema):
    submitted: int = Field(description="Submissions ever handed to review.")
    in_review: int = Field(description="Submissions with the reviewers now (including those waiting for changes).")
    declined: int = Field(description="Submissions declined.")
    withdrawn: int = Field(description="Submissions withdrawn by their submitter.")
    published: int = Field(description="Cases published in the catalogue (attendees-only ones included).")
    withheld: int = Field(description="Cases reviewed but withheld from publication.")
    withheld_by_reason: dict[str, int] = Field(
        description="Withheld cases per reason code: operational_security, legal_restriction, other."
    )


class FacetCounts(Schema):
    query: str
    filters: dict[str, list[str]]
    total: int
    backend: str
    messages: list[str]
    facets: list[Facet]


class TaxonomyValue(Schema):
    slug: str
    name: str
    description: str
    active: bool = Field(description="False: retired (kept on the cases that have it, not offered for new ones).")


class Taxonomy(Schema):
    key: str = Field(description="The catalogue query parameter that filters on this taxonomy.")
    label: str
    values: list[TaxonomyValue]


class ExportColumn(Schema):
    name: str
    type: str = Field(description="string, integer, boolean, date-time, or list (CSV: values joined by '; ').")
    description: str


class ExportSchema(Schema):
    columns: list[ExportColumn]
    files: dict[str, str] = Field(description="The export URL of each format (take the catalogue's query string).")
    formats: dict[str, str] = Field(description="How each format is written.")
