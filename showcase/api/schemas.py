"""The shapes of the API's answers (they are the OpenAPI schema's components).

Each case schema lists exactly the fields of ``public.SUMMARY_FIELDS`` /
``public.DETAIL_FIELDS`` (a test keeps them equal), so the documented shape and
the allow-list cannot drift apart.
"""

from __future__ import annotations

from ninja import Field, Schema


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


class CaseSummary(Schema):
    id: int
    slug: str
    url: str = Field(description="The case's public page.")
    title: str
    summary: str
    content_language: str = Field(description="The language the case is written in (e.g. en, fr).")
    organisation: str = Field(description="The organisation's name, or an anonymised label when its name is hidden.")
    organisation_type: Term | None
    countries: list[Country]
    regions: list[Term]
    deployment_stage: Term | None
    use_categories: list[Term]
    ai_techniques: list[Term]
    crime_areas: list[Term]
    affected_persons: list[Term]
    risk_tier: Term | None = Field(description="The EU AI Act risk class the submitter claims.")
    decision_role: Term | None
    tags: list[Term]
    attendees_only: bool = Field(description="Only logged-in attendees see this case.")
    first_published_at: str | None
    last_published_at: str | None


class CaseDetail(CaseSummary):
    problem: str
    benefits: str
    outputs: str
    data_summary: str
    legal_basis_summary: str
    necessity_proportionality: str
    impact_assessments_summary: str
    evaluation_summary: str
    human_oversight: str
    redress_route: str
    accountable_role: str = Field(description="The accountable role's title (never a person's name).")
    logging_audit_summary: str
    build_approach: Choice | None
    supplier_name: str
    annex_iii_point: Choice | None


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
