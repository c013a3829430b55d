"""The adapter: answers built from a UseCasePage and its portal Submission (through the portal's provider) raise each rule."""

from __future__ import annotations

import pytest

from moderation.red_flag_answers import FLAG_ANSWER_NAMES, case_answers, flags_for
from moderation.red_flags import RULES
from tests import factories

pytestmark = pytest.mark.embedded


@pytest.fixture
def submission(db):
    return factories.complete_submission()


def rules(submission) -> set[str]:
    submission.refresh_from_db()
    return {flag.rule for flag in flags_for(submission.page)}


def test_the_factory_answers_raise_no_flag(submission):
    assert rules(submission) == set()


def set_page(submission, **values):
    from showcase import drafts

    drafts.save_draft(submission.page, submission.submitter, values)


def taxonomy(model_name, slug):
    from showcase import taxonomies

    return getattr(taxonomies, model_name).objects.get(slug=slug)


# Each row: rule, submission fields to set, page answers to set (via the submitter's draft).
CASES = [
    ("individual-prediction-by-profiling", {"prohibited_practices": ["individual_crime_prediction"], "profiles_individuals": "yes"}, {}),
    ("untargeted-facial-scraping", {"prohibited_practices": ["untargeted_face_scraping"]}, {}),
    ("emotion-recognition-work-education", {"prohibited_practices": ["emotion_recognition_work_education"]}, {}),
    ("biometric-categorisation-sensitive-traits", {"prohibited_practices": ["biometric_categorisation_sensitive"]}, {}),
    ("real-time-rbi-without-authorisation",
     {"prohibited_practices": ["realtime_remote_biometric_identification"], "rbi_exception": "Art. 5(1)(h)(iii)", "rbi_authorised": "no"}, {}),
    ("no-legal-basis", {"legal_basis_type": "none"}, {}),
    ("consent-for-coercive-use", {"legal_basis_type": "consent"}, {}),
    ("bulk-processing-of-public", {"bulk_general_public": "yes"}, {}),
    ("no-alternative-considered", {"alternatives_considered": "no"}, {}),
    ("high-risk-without-impact-assessment", {"dpia_status": "planned"}, {}),
    ("profiling-claimed-not-high-risk", {"profiles_individuals": "yes"}, {"risk_tier_claimed": ("RiskTier", "minimal"), "annex_iii_point": "none"}),
    ("automated-action-on-persons", {}, {"decision_role": ("DecisionRole", "acts-automatically")}),
    ("no-human-review", {"human_review": "no"}, {}),
    ("no-field-evaluation", {"evaluation_basis": "vendor_claims"}, {}),
    ("protected-traits-as-features", {"protected_traits_as_features": "yes"}, {}),
    ("biometric-without-group-testing", {"biometric_data": "yes", "per_group_testing": "no"}, {}),
    ("risky-data-provenance", {"data_provenance": ["collected", "unknown"]}, {}),
    ("no-retention-limit", {"retention_limit": "no"}, {}),
    ("evidence-without-explanation", {"output_used_as_evidence": "yes", "explanation_method": ""}, {}),
    ("no-redress-route", {"redress_route_exists": "no"}, {}),
    ("no-accountable-owner", {"accountable_person_name": ""}, {}),
    ("no-logging", {"logging_enabled": "no"}, {}),
    ("supplier-reuses-data", {"supplier_may_reuse_data": "yes"}, {}),
]


def test_every_rule_has_an_adapter_case():
    assert {row[0] for row in CASES} == {rule_id for rule_id, _c, _f in RULES}


@pytest.mark.parametrize("rule_id, record, page", CASES, ids=[row[0] for row in CASES])
def test_rule_from_a_submission(submission, rule_id, record, page):
    type(submission).objects.filter(pk=submission.pk).update(**record)
    if page:
        set_page(submission, **{k: taxonomy(*v) if isinstance(v, tuple) else v for k, v in page.items()})
    assert rule_id in rules(submission)


def test_supplier_reuse_under_an_agreement_is_cleared(submission):
    type(submission).objects.filter(pk=submission.pk).update(supplier_may_reuse_data="yes_with_agreement")
    assert "supplier-reuses-data" not in rules(submission)


def test_answers_come_from_the_latest_draft_revision(submission):
    set_page(submission, decision_role=taxonomy("DecisionRole", "acts-automatically"))
    assert case_answers(submission.page).decision_role == "acts-automatically"


def test_a_case_without_submission_uses_the_page_only(db):
    page = factories.use_case(decision_role=taxonomy("DecisionRole", "acts-automatically"))
    type(page).objects.filter(pk=page.pk).update(redress_route="")
    page.refresh_from_db()
    answers = case_answers(page)
    assert answers.decision_role == "acts-automatically"
    # No structured record of a completed impact assessment exists for a high-risk case: flagged, for
    # the reviewer to check against the page's summary and override with a justification.
    assert {f.rule for f in flags_for(page)} == {
        "automated-action-on-persons", "no-redress-route", "high-risk-without-impact-assessment"}


def test_every_answer_the_rules_read_is_a_field_of_the_submission():
    """The provider's contract: a renamed field of the portal's record fails here, not silently in a rule."""
    from portal.models import Submission

    fields = {field.name for field in Submission._meta.get_fields()}
    assert set(FLAG_ANSWER_NAMES) <= fields, set(FLAG_ANSWER_NAMES) - fields
