"""Which answers are the evidence for each review criterion, and which answers raise each red flag.

The one declarative place that ties the submitter's answers (field names of
the portal's wizard, as ``moderation.submission_answers`` rows carry them) to
the criteria codes of ``moderation.rubric`` ("evidence the submitter gives" in
../shared/RUBRIC.md) and to the red-flag rules of ``moderation.red_flags``
(the answers each rule reads). ``tests/moderation/test_criteria_evidence.py``
keeps the three in step: every criterion and every rule is listed, every name
is a real answer, and each flag's answers are shown under its own criterion.

An answer may be evidence for several criteria; an answer that is evidence
for none (contact details, consent, tags…) is shown in its own group.
"""

from __future__ import annotations

#: criterion code -> the answers that are its evidence, in reading order.
EVIDENCE_BY_CRITERION: dict[str, tuple[str, ...]] = {
    "prohibited-practice": (
        "summary", "problem", "outputs", "use_categories", "ai_techniques", "biometric_data",
        "profiles_individuals", "prohibited_practices", "rbi_exception", "rbi_authorised", "fria_status",
        "fria_date",
    ),
    "legal-basis": (
        "legal_basis_type", "legal_basis_detail", "legal_basis_summary", "legal_signoff", "coercive_use",
        "affected_persons",
    ),
    "necessity-proportionality": (
        "necessity_proportionality", "benefits", "crime_areas", "countries", "deployment_stage", "affected_persons",
        "bulk_general_public", "alternatives_considered", "alternatives_detail",
    ),
    "risk-classification": (
        "risk_tier_claimed", "annex_iii_point", "risk_class_reasoning", "profiles_individuals", "use_categories",
        "impact_assessments_summary", "dpia_status", "dpia_date", "fria_status", "fria_date", "toolkit_status",
        "toolkit_date", "other_assessment_name", "other_assessment_status", "other_assessment_date",
    ),
    "human-oversight": ("decision_role", "outputs", "affected_persons", "human_review", "human_oversight"),
    "accuracy-robustness": ("evaluation_basis", "drift_monitoring", "evaluation_summary", "evaluation_detail"),
    "bias-fairness": (
        "ai_techniques", "use_categories", "biometric_data", "per_group_testing", "protected_traits_as_features",
        "evaluation_summary", "evaluation_detail",
    ),
    "data-governance": (
        "data_summary", "personal_data", "biometric_data", "data_provenance", "data_inventory", "retention_limit",
        "retention_period",
    ),
    "transparency-explainability": ("outputs", "output_used_as_evidence", "use_disclosed", "explanation_method"),
    "contestability-redress": ("affected_persons", "redress_route_exists", "redress_route"),
    "accountability-audit": (
        "accountable_role", "accountable_person_name", "logging_enabled", "logging_audit_summary", "audit_detail",
    ),
    "security-vendor": (
        "build_approach", "supplier_name", "supplier_may_reuse_data", "supplier_data_terms", "security_accreditation",
    ),
}

#: red-flag rule id -> the answers the rule reads (shown with the flag beside them).
EVIDENCE_BY_RED_FLAG: dict[str, tuple[str, ...]] = {
    "individual-prediction-by-profiling": ("prohibited_practices", "use_categories", "profiles_individuals"),
    "untargeted-facial-scraping": ("prohibited_practices",),
    "emotion-recognition-work-education": ("prohibited_practices",),
    "biometric-categorisation-sensitive-traits": ("prohibited_practices",),
    "real-time-rbi-without-authorisation": (
        "prohibited_practices", "use_categories", "rbi_exception", "rbi_authorised",
    ),
    "no-legal-basis": ("legal_basis_type", "legal_basis_detail"),
    "consent-for-coercive-use": ("legal_basis_type", "affected_persons"),
    "bulk-processing-of-public": ("bulk_general_public",),
    "no-alternative-considered": ("alternatives_considered", "alternatives_detail"),
    "high-risk-without-impact-assessment": (
        "risk_tier_claimed", "annex_iii_point", "dpia_status", "fria_status", "toolkit_status",
        "other_assessment_status",
    ),
    "profiling-claimed-not-high-risk": ("risk_tier_claimed", "profiles_individuals", "use_categories"),
    "automated-action-on-persons": ("decision_role", "affected_persons"),
    "no-human-review": ("human_review", "human_oversight", "affected_persons"),
    "no-field-evaluation": ("evaluation_basis",),
    "protected-traits-as-features": ("protected_traits_as_features",),
    "biometric-without-group-testing": ("per_group_testing", "biometric_data", "ai_techniques", "use_categories"),
    "risky-data-provenance": ("data_provenance",),
    "no-retention-limit": ("retention_limit", "retention_period"),
    "evidence-without-explanation": ("output_used_as_evidence", "explanation_method", "use_disclosed"),
    "no-redress-route": ("redress_route_exists", "redress_route", "affected_persons"),
    "no-accountable-owner": ("accountable_role", "accountable_person_name"),
    "no-logging": ("logging_enabled",),
    "supplier-reuses-data": ("supplier_may_reuse_data",),
}


def evidence_names(criterion_code: str) -> tuple[str, ...]:
    """The answers that are evidence for ``criterion_code`` (none for a criterion editors added later)."""
    return EVIDENCE_BY_CRITERION.get(criterion_code, ())


def flag_answer_names(rule_id: str) -> tuple[str, ...]:
    return EVIDENCE_BY_RED_FLAG.get(rule_id, ())


def mapped_answer_names() -> frozenset[str]:
    """Every answer that is evidence for at least one criterion."""
    return frozenset(name for names in EVIDENCE_BY_CRITERION.values() for name in names)
