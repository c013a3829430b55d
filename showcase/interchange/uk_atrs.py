"""The UK Algorithmic Transparency Recording Standard (ATRS): tier 1 and tier 2.

Field names and numbers follow the ATRS template (v3.0, GOV.UK, Open Government
Licence v3.0): tier 1 is the overview for the public, tier 2 the detail in five
sections. The standard publishes no JSON Schema (its template is a spreadsheet),
so the export's shape is checked against this table. Nested: ``tier_1/name``,
``tier_2/owner_and_responsibility/team``…
"""

from __future__ import annotations

from .fields import Field, Format, by_code, joined, label, name, paragraphs, text

T1 = "tier_1/"
OWNER = "tier_2/owner_and_responsibility/"
RATIONALE = "tier_2/description_and_rationale/"
DECISION = "tier_2/decision_making_process/"
TOOL = "tier_2/tool_specification/"
DATA = "tier_2/data_specification/"
RISKS = "tier_2/risks_mitigations_and_impact_assessments/"

NOT_COLLECTED = "this catalogue does not ask for it"
OWN_ONLY = "a confidential answer: only the owning organisation's own export carries it"
REVIEW_CONFIDENTIAL = "the reviewers' ratings, red flags and notes stay confidential (RUBRIC.md)"
TECHNICAL_LOGIC = "technical logic stays confidential, always so for Annex III points 1 and 6 (RUBRIC.md)"

SUPPLIER_INVOLVED = {"supplier": "Yes", "mixed": "Yes", "in_house": "No", "open_source": "No"}

FIELDS: tuple[Field, ...] = (
    Field(T1 + "name", "Name", "1.1", public=("title",), convert=text),
    Field(T1 + "description", "Description", "1.2", public=("summary",), convert=text),
    Field(T1 + "website", "Website", "1.3", public=("url",), convert=text),
    Field(T1 + "contact_email", "Contact email", "1.4", own="contact_email", empty=OWN_ONLY),
    Field(OWNER + "organisation", "Organisation", "2.1.1", public=("organisation",), own="organisation_name", convert=text),
    Field(OWNER + "team", "Team", "2.1.2", empty=NOT_COLLECTED),
    Field(OWNER + "senior_responsible_owner", "Senior responsible owner", "2.1.3", public=("accountable_role",), convert=text),
    Field(OWNER + "external_supplier_involvement", "External supplier involvement", "2.1.4",
          public=("build_approach",), convert=by_code(SUPPLIER_INVOLVED)),
    Field(OWNER + "external_supplier", "External supplier", "2.1.4.1", public=("supplier_name",), convert=text),
    Field(OWNER + "companies_house_number", "Companies House number", "2.1.4.2",
          empty="a UK company number; this catalogue does not ask for it"),
    Field(OWNER + "external_supplier_role", "External supplier role", "2.1.4.3", public=("build_approach",), convert=label),
    Field(OWNER + "procurement_procedure_type", "Procurement procedure type", "2.1.4.4", empty=NOT_COLLECTED),
    Field(OWNER + "data_access_terms", "Data access terms", "2.1.4.5", own="supplier_data_terms", empty=OWN_ONLY),
    Field(RATIONALE + "detailed_description", "Detailed description", "2.2.1", public=("outputs",), convert=text),
    Field(RATIONALE + "scope", "Scope", "2.2.2", public=("problem",), convert=text),
    Field(RATIONALE + "benefit", "Benefit", "2.2.3", public=("benefits",), convert=text),
    Field(RATIONALE + "previous_process", "Previous process", "2.2.4", empty=NOT_COLLECTED),
    Field(RATIONALE + "alternatives_considered", "Alternatives considered", "2.2.5",
          public=("necessity_proportionality",), own="alternatives_detail", convert=text),
    Field(DECISION + "process_integration", "Process integration", "2.3.1", public=("decision_role",), convert=name),
    Field(DECISION + "provided_information", "Provided information", "2.3.2", public=("outputs",), convert=text),
    Field(DECISION + "frequency_and_scale_of_usage", "Frequency and scale of usage", "2.3.3", empty=NOT_COLLECTED),
    Field(DECISION + "human_decisions_and_review", "Human decisions and review", "2.3.4",
          public=("human_oversight",), convert=text),
    Field(DECISION + "required_training", "Required training", "2.3.5",
          empty="not asked separately; the human-oversight answer (2.3.4) covers who reviews outputs"),
    Field(DECISION + "appeals_and_review", "Appeals and review", "2.3.6", public=("redress_route",), convert=text),
    Field(TOOL + "system_architecture", "System architecture", "2.4.1.1", confidential=TECHNICAL_LOGIC),
    Field(TOOL + "phase", "Phase", "2.4.1.2", public=("deployment_stage",), convert=name),
    Field(TOOL + "maintenance", "Maintenance", "2.4.1.3", public=("logging_audit_summary",), convert=text),
    Field(TOOL + "models", "Models", "2.4.1.4", public=("ai_techniques",), convert=joined),
    Field(TOOL + "model_performance", "Model performance", "2.4.2", public=("evaluation_summary",),
          own="evaluation_detail", convert=text),
    Field(DATA + "data_description", "Data description", "2.4.3.1", public=("data_summary",), own="data_inventory", convert=text),
    Field(DATA + "source_data_name", "Source data name", "2.4.3.2", empty=NOT_COLLECTED),
    Field(DATA + "data_collection", "Data collection", "2.4.3.3", public=("legal_basis_summary",),
          own="legal_basis_detail", convert=text),
    Field(DATA + "data_access_and_storage", "Data access and storage", "2.4.3.4", own="retention_period", empty=OWN_ONLY),
    Field(DATA + "sensitive_attributes", "Sensitive attributes", "2.4.3.5", own="protected_traits_as_features",
          empty=OWN_ONLY),
    Field(RISKS + "impact_assessment", "Impact assessment", "2.5.1", public=("impact_assessments_summary",), convert=text),
    Field(RISKS + "risks", "Risks", "2.5.2", confidential=REVIEW_CONFIDENTIAL),
    Field(RISKS + "mitigations", "Mitigations", "2.5.3",
          public=("human_oversight", "redress_route"), convert=paragraphs),
)

ATRS = Format(
    key="uk-atrs",
    title="UK Algorithmic Transparency Recording Standard (tier 1 and tier 2)",
    version="3.0",
    reference="https://www.gov.uk/government/collections/algorithmic-transparency-recording-standard-hub",
    fields=FIELDS,
)
