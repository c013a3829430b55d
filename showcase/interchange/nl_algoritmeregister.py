"""The Dutch Algoritmeregister publication standard, version 1.0 (``standard_version`` 1.0.0).

Field names, limits and permitted values are the register's own (MinBZK/Algoritmeregister,
``backend/app/schemas/config/v1_0_0.json``, EUPL-1.2); ``schemas/nl_algoritmeregister_1_0_0.schema.json``
restates them as a JSON Schema, which the tests validate every export against. The register
takes Dutch text (``lang`` allows only ``nld``): the texts are exported in the case's own
language (``content_language`` in the export envelope) and need translating before filing.
"""

from __future__ import annotations

from typing import Any

from .fields import Field, Format, by_slug, joined, paragraphs, text

NOT_COLLECTED = "this catalogue does not ask for it"
OWN_ONLY = "a confidential answer: only the owning organisation's own export carries it"

STATUS = {
    "concept": "In ontwikkeling",
    "research-and-development": "In ontwikkeling",
    # The register's instructions: a system both in development and in use is "In gebruik"; a pilot is in use.
    "pilot": "In gebruik",
    "in-operation": "In gebruik",
    "retired": "Buiten gebruik",
}
HIGH_RISK_TIERS = {"high-risk-annex-iii", "prohibited-practice"}


def publication_category(risk_tier: Any, affected: Any) -> str:
    """High-risk AI system (category A), impactful (B: it touches people), or other (C)."""
    if (risk_tier or {}).get("slug") in HIGH_RISK_TIERS:
        return "Hoog-risico AI-systeem"
    if any(item["slug"] != "no-natural-persons" for item in affected or []):
        return "Impactvolle algoritmes"
    return "Overige algoritmes"


def provider(build_approach: Any, supplier_name: Any) -> str:
    if supplier_name:
        return supplier_name
    return "Intern ontwikkeld" if (build_approach or {}).get("code") == "in_house" else ""


def tag_list(tags: Any) -> str:
    return ", ".join(tag["name"] for tag in tags or [])


def api_address(url: Any, slug: Any) -> str:
    """The machine-readable record this one comes from: the case in our API."""
    if not url or not slug:
        return ""
    site = url.split("/cases/", 1)[0] if "/cases/" in url else url.rstrip("/")
    return f"{site}/api/v1/cases/{slug}/"


FIELDS: tuple[Field, ...] = (
    Field("name", "Naam (name)", public=("title",), convert=text, max_length=100),
    Field("description_short", "Korte omschrijving (short description)", public=("summary",), convert=text, max_length=350),
    Field("organization", "Organisatie (organisation)", public=("organisation",), own="organisation_name",
          convert=text, max_length=100),
    Field("category", "Thema (policy area)", fixed=["Openbare orde en veiligheid"], blank=[]),
    Field("status", "Status", public=("deployment_stage",), convert=by_slug(STATUS)),
    Field("begin_date", "Begindatum (month put in use)", empty="the month of first use is not asked (publication is not first use)"),
    Field("end_date", "Einddatum (month taken out of use)", empty=NOT_COLLECTED),
    Field("contact_email", "Contactgegevens (contact)", own="contact_email", empty=OWN_ONLY, max_length=500),
    Field("website", "Link naar publiekspagina (public page)", public=("url",), convert=text, max_length=500),
    Field("publication_category", "Publicatiecategorie (publication category)", public=("risk_tier", "affected_persons"),
          convert=publication_category),
    Field("url", "Link naar bronregistratie (source registration)", public=("url", "slug"), convert=api_address, max_length=500),
    Field("goal", "Doel en impact (goal and impact)", public=("problem", "benefits"), convert=paragraphs, max_length=2500),
    Field("proportionality", "Afwegingen (proportionality)", public=("necessity_proportionality",), convert=text,
          max_length=2500),
    Field("human_intervention", "Menselijke tussenkomst (human intervention)", public=("human_oversight",),
          convert=text, max_length=2500),
    Field("risks", "Risicobeheer (risk management)", confidential=(
        "the reviewers' ratings, red flags and notes stay confidential (RUBRIC.md)"), max_length=2500),
    Field("lawful_basis", "Wettelijke basis (lawful basis)", public=("legal_basis_summary",), own="legal_basis_detail",
          convert=text, max_length=2500),
    Field("lawful_basis_grouping", "Verwijzingen wettelijke basis (links to the law)", blank=[],
          empty="links to the law are not asked; the lawful basis is text"),
    Field("process_index_url", "Link naar verwerkingsregister (processing register)", empty=NOT_COLLECTED),
    Field("impacttoetsen_grouping", "Verwijzingen impacttoetsen (links to impact assessments)", blank=[],
          empty="links are not asked; the assessments are described in text (impacttoetsen)"),
    Field("impacttoetsen", "Toelichting op impacttoetsen (impact assessments)", public=("impact_assessments_summary",),
          convert=text, max_length=2500),
    Field("source_data", "Gegevens (data)", public=("data_summary",), own="data_inventory", convert=text, max_length=2500),
    Field("source_data_grouping", "Verwijzingen gegevensbronnen (links to data sources)", blank=[], empty=NOT_COLLECTED),
    Field("methods_and_models", "Technische werking (how it works)", public=("ai_techniques",), convert=joined,
          max_length=5000),
    Field("provider", "Leverancier (supplier)", public=("build_approach", "supplier_name"), convert=provider,
          max_length=200),
    Field("publiccode", "Link naar broncode (source code)", empty=NOT_COLLECTED),
    Field("lang", "Taal (language)", fixed="nld"),
    Field("standard_version", "Versie publicatiestandaard (standard version)", fixed="1.0.0"),
    Field("source_id", "Bron-ID (our identifier)", public=("case_number",), convert=text, max_length=100),
    Field("tags", "Zoektermen (search terms)", public=("tags",), convert=tag_list, max_length=2500),
)

ALGORITMEREGISTER = Format(
    key="nl-algoritmeregister",
    title="Dutch Algoritmeregister publication standard",
    version="1.0.0",
    reference="https://github.com/MinBZK/Algoritmeregister (backend/app/schemas/config/v1_0_0.json)",
    fields=FIELDS,
    schema="nl_algoritmeregister_1_0_0.schema.json",
)
