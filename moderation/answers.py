"""A case's answers as the red-flag rules read them: the one place that knows both the page and the submission.

The public answers come from the page's latest revision (the submitter's
draft, or an editor's edit); the confidential structured answers from the
portal's ``Submission`` (``portal.records``). A case created by editors in the
admin has no submission: only the page's answers are read, and the
confidential answers keep ``CaseAnswers``' defaults (which raise no flag), so
the reviewer judges those criteria from the page and the rating notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .red_flags import CaseAnswers, RedFlag, red_flags

if TYPE_CHECKING:
    from portal.models import Submission
    from showcase.models import UseCasePage

YES = "yes"

#: portal.records.PROHIBITED_PRACTICE_CHOICES -> the CaseAnswers flag it sets.
PROHIBITED_PRACTICES = {
    "individual_crime_prediction": "prediction_solely_on_profiling",
    "untargeted_face_scraping": "untargeted_facial_image_scraping",
    "emotion_recognition_work_education": "emotion_recognition_at_work_or_education",
    "biometric_categorisation_sensitive": "biometric_categorisation_of_sensitive_traits",
}
REAL_TIME_RBI = "realtime_remote_biometric_identification"
#: The impact assessments of portal.records.IMPACT_ASSESSMENTS (field prefix = kind).
ASSESSMENT_KINDS = ("dpia", "fria", "toolkit", "other_assessment")
#: Supplier answers meaning the supplier may reuse operational data; "unknown" counts (the risk is not excluded).
SUPPLIER_MAY_REUSE = frozenset({"yes", "yes_with_agreement", "unknown"})
NO_LEGAL_BASIS = frozenset({"", "none"})


def _slugs(page: Any, name: str) -> frozenset[str]:
    return frozenset(item.slug for item in getattr(page, name).all())


def _slug(value: Any) -> str:
    return getattr(value, "slug", "") or ""


def _page_answers(page: "UseCasePage") -> dict[str, Any]:
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


def _submission_answers(s: "Submission") -> dict[str, Any]:
    practices = set(s.prohibited_practices or [])
    values: dict[str, Any] = {name: code in practices for code, name in PROHIBITED_PRACTICES.items()}
    # An answered list without the practice means "not in public spaces"; an unanswered one, "not said".
    values["remote_biometric_identification_in_public"] = (REAL_TIME_RBI in practices) if practices else None
    basis_type = s.legal_basis_type or ""
    values.update(
        legal_basis="" if basis_type in NO_LEGAL_BASIS else (s.legal_basis_detail or basis_type),
        legal_basis_is_consent=basis_type == "consent",
        alternatives_considered=(s.alternatives_detail or YES) if s.alternatives_considered == YES else "",
        processes_general_public_in_bulk=s.bulk_general_public == YES,
        profiles_individuals=s.profiles_individuals == YES,
        rbi_exception_documented=bool((s.rbi_exception or "").strip()),
        rbi_prior_authorisation=s.rbi_authorised == YES,
        impact_assessments={
            kind: status for kind in ASSESSMENT_KINDS if (status := getattr(s, f"{kind}_status", ""))
        },
        human_review_before_effect=s.human_review == YES,
        evaluated_in_the_field=s.evaluation_basis == "field",
        only_vendor_claims=s.evaluation_basis == "vendor_claims",
        protected_traits_as_features=s.protected_traits_as_features == YES,
        per_group_testing_done=s.per_group_testing == YES,
        processes_biometric_data=s.biometric_data == YES,
        data_provenance=frozenset(s.data_provenance or []),
        retention_limit=(s.retention_period or YES) if s.retention_limit == YES else "",
        output_used_as_evidence=s.output_used_as_evidence == YES,
        explanation_method=s.explanation_method or "",
        use_disclosed=s.use_disclosed == YES,
        accountable_owner_named=bool((s.accountable_person_name or "").strip()),
        logging_enabled=s.logging_enabled == YES,
        supplier_may_reuse_data=s.supplier_may_reuse_data in SUPPLIER_MAY_REUSE,
        supplier_data_agreement=s.supplier_may_reuse_data == "yes_with_agreement",
    )
    return values


def submission_for(page: Any) -> "Submission | None":
    from portal.models import Submission

    return Submission.objects.filter(page_id=page.pk).select_related("organisation", "submitter").first()


def latest_answers_page(page: "UseCasePage") -> "UseCasePage":
    """The page as its latest revision has it (the answers under review), else the page itself."""
    page = page.specific
    # Read from the database, not page.latest_revision: the instance may predate the latest save.
    revision = page.revisions.order_by("-created_at", "-id").first()
    return revision.as_object() if revision is not None else page


def case_answers(
    page: "UseCasePage", submission: "Submission | None" = None, *, use_latest_revision: bool = True
) -> CaseAnswers:
    """``CaseAnswers`` for ``page`` (and its submission, looked up when not given)."""
    source = latest_answers_page(page) if use_latest_revision else page.specific
    values = _page_answers(source)
    if submission is None:
        submission = submission_for(page)
    if submission is not None:
        values.update(_submission_answers(submission))
        if submission.redress_route_exists == "no":
            values["redress_route"] = ""
    return CaseAnswers(**values)


def flags_for(page: "UseCasePage", submission: "Submission | None" = None) -> list[RedFlag]:
    """The red flags the case's current answers raise, in rubric order."""
    return red_flags(case_answers(page, submission))


def flags_as_data(flags: list[RedFlag]) -> list[dict[str, str]]:
    """JSON-safe snapshot of flags (stored on an Assessment)."""
    return [{"rule": f.rule, "criterion": f.criterion, "message": str(f.message)} for f in flags]
