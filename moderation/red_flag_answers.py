"""A case's answers as the red-flag rules read them: the page's public answers and the submission's structured ones.

The public answers come from the page's latest revision (the submitter's
draft, or an editor's edit). The structured confidential answers (choices
such as "prohibited practices" or "legal basis") are the portal's record;
moderation may not import the portal (DESIGN.md, "Layers"), so it asks the
``submission_flag_answers`` provider, which ``PortalConfig.ready()``
registers: for a page, the values of the fields named in ``FLAG_ANSWER_NAMES``
(the wizard's field names and choice codes), or None when the page has no
submission. A case created by editors in the admin has no submission: only
the page's answers are read, and the confidential answers keep
``CaseAnswers``' defaults (which raise no flag), so the reviewer judges those
criteria from the page and the rating notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .latest_revision import latest_answers_page
from .providers import Provider
from .red_flags import CaseAnswers, RedFlag, red_flags

YES = "yes"

#: Choices of the "prohibited practices" answer -> the CaseAnswers flag each sets.
PROHIBITED_PRACTICES = {
    "individual_crime_prediction": "prediction_solely_on_profiling",
    "untargeted_face_scraping": "untargeted_facial_image_scraping",
    "emotion_recognition_work_education": "emotion_recognition_at_work_or_education",
    "biometric_categorisation_sensitive": "biometric_categorisation_of_sensitive_traits",
}
REAL_TIME_RBI = "realtime_remote_biometric_identification"
#: The impact assessments the wizard asks about (each answer's name is "<kind>_status").
ASSESSMENT_KINDS = ("dpia", "fria", "toolkit", "other_assessment")
#: Supplier answers meaning the supplier may reuse operational data; "unknown" counts (the risk is not excluded).
SUPPLIER_MAY_REUSE = frozenset({"yes", "yes_with_agreement", "unknown"})
NO_LEGAL_BASIS = frozenset({"", "none"})

#: The structured answers of a submission the rules read (the provider returns these names, each with its value).
FLAG_ANSWER_NAMES = (
    "prohibited_practices", "legal_basis_type", "legal_basis_detail", "alternatives_considered",
    "alternatives_detail", "bulk_general_public", "profiles_individuals", "rbi_exception", "rbi_authorised",
    *(f"{kind}_status" for kind in ASSESSMENT_KINDS),
    "human_review", "evaluation_basis", "protected_traits_as_features", "per_group_testing", "biometric_data",
    "data_provenance", "retention_limit", "retention_period", "output_used_as_evidence", "explanation_method",
    "use_disclosed", "accountable_person_name", "logging_enabled", "supplier_may_reuse_data",
    "redress_route_exists",
)

#: page -> {name: value} for every name in FLAG_ANSWER_NAMES, or None when the page has no submission.
submission_flag_answers: Provider[Mapping[str, Any] | None] = Provider(
    "the structured confidential answers of the submission behind a page", None
)


def _slugs(page: Any, name: str) -> frozenset[str]:
    return frozenset(item.slug for item in getattr(page, name).all())


def _slug(value: Any) -> str:
    return getattr(value, "slug", "") or ""


def _page_answers(page: Any) -> dict[str, Any]:
    annex = page.annex_iii_point or ""
    return {
        "use_categories": _slugs(page, "use_categories"),
        "ai_techniques": _slugs(page, "ai_techniques"),
        "affected_persons": _slugs(page, "affected_persons"),
        "decision_role": _slug(page.decision_role),
        "risk_tier_claimed": _slug(page.risk_tier_claimed),
        "annex_iii_point": "" if annex == "none" else annex,
        "human_oversight": page.human_oversight or "",
        "redress_route": page.redress_route or "",
        "accountable_role": page.accountable_role or "",
        "legal_basis": page.legal_basis_summary or "",
    }


def _submission_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    def text(name: str) -> str:
        return answers.get(name) or ""

    practices = set(answers.get("prohibited_practices") or [])
    values: dict[str, Any] = {name: code in practices for code, name in PROHIBITED_PRACTICES.items()}
    # An answered list without the practice means "not in public spaces"; an unanswered one, "not said".
    values["remote_biometric_identification_in_public"] = (REAL_TIME_RBI in practices) if practices else None
    basis_type = text("legal_basis_type")
    values.update(
        legal_basis="" if basis_type in NO_LEGAL_BASIS else (text("legal_basis_detail") or basis_type),
        legal_basis_is_consent=basis_type == "consent",
        alternatives_considered=(text("alternatives_detail") or YES) if text("alternatives_considered") == YES else "",
        processes_general_public_in_bulk=text("bulk_general_public") == YES,
        profiles_individuals=text("profiles_individuals") == YES,
        rbi_exception_documented=bool(text("rbi_exception").strip()),
        rbi_prior_authorisation=text("rbi_authorised") == YES,
        impact_assessments={kind: status for kind in ASSESSMENT_KINDS if (status := text(f"{kind}_status"))},
        human_review_before_effect=text("human_review") == YES,
        evaluated_in_the_field=text("evaluation_basis") == "field",
        only_vendor_claims=text("evaluation_basis") == "vendor_claims",
        protected_traits_as_features=text("protected_traits_as_features") == YES,
        per_group_testing_done=text("per_group_testing") == YES,
        processes_biometric_data=text("biometric_data") == YES,
        data_provenance=frozenset(answers.get("data_provenance") or []),
        retention_limit=(text("retention_period") or YES) if text("retention_limit") == YES else "",
        output_used_as_evidence=text("output_used_as_evidence") == YES,
        explanation_method=text("explanation_method"),
        use_disclosed=text("use_disclosed") == YES,
        accountable_owner_named=bool(text("accountable_person_name").strip()),
        logging_enabled=text("logging_enabled") == YES,
        supplier_may_reuse_data=text("supplier_may_reuse_data") in SUPPLIER_MAY_REUSE,
        supplier_data_agreement=text("supplier_may_reuse_data") == "yes_with_agreement",
    )
    return values


def case_answers(page: Any) -> CaseAnswers:
    """``CaseAnswers`` for ``page``: its latest public answers and its submission's structured ones."""
    values = _page_answers(latest_answers_page(page))
    submission = submission_flag_answers(page)
    if submission is not None:
        values.update(_submission_answers(submission))
        if submission.get("redress_route_exists") == "no":
            values["redress_route"] = ""
    return CaseAnswers(**values)


def flags_for(page: Any) -> list[RedFlag]:
    """The red flags the case's current answers raise, in rubric order."""
    return red_flags(case_answers(page))


def flags_as_data(flags: list[RedFlag]) -> list[dict[str, str]]:
    """JSON-safe snapshot of flags (stored on an Assessment)."""
    return [{"rule": f.rule, "criterion": f.criterion, "message": str(f.message)} for f in flags]
