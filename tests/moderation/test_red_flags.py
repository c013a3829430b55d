"""One test per red-flag rule of RUBRIC.md: it fires on the condition, and the answers can clear it."""

from dataclasses import replace

import pytest

from moderation.red_flags import RULES, CaseAnswers, red_flags
from moderation.rubric import CRITERION_CODES

pytestmark = pytest.mark.embedded

CLEAN = CaseAnswers()
PEOPLE = frozenset({"suspects"})


def rules_fired(answers: CaseAnswers) -> set[str]:
    return {flag.rule for flag in red_flags(answers)}


def test_a_clean_case_raises_no_flag():
    assert red_flags(CLEAN) == []


def test_every_rule_names_a_rubric_criterion_and_every_red_flag_cell_has_a_rule():
    assert {criterion for _rule, criterion, _check in RULES} == CRITERION_CODES
    rule_ids = [rule_id for rule_id, _criterion, _check in RULES]
    assert len(rule_ids) == len(set(rule_ids))


# Each row: the rule, answers that raise it, and answers (from the raising ones) that clear it.
CASES = [
    (
        "individual-prediction-by-profiling",
        dict(use_categories=frozenset({"individual-risk-assessment"}), prediction_solely_on_profiling=True,
             risk_tier_claimed="high-risk-annex-iii", impact_assessments={"fria": "completed"}),
        dict(prediction_solely_on_profiling=False),
    ),
    ("untargeted-facial-scraping", dict(untargeted_facial_image_scraping=True), dict(untargeted_facial_image_scraping=False)),
    (
        "emotion-recognition-work-education",
        dict(emotion_recognition_at_work_or_education=True),
        dict(emotion_recognition_at_work_or_education=False),
    ),
    (
        "biometric-categorisation-sensitive-traits",
        dict(biometric_categorisation_of_sensitive_traits=True),
        dict(biometric_categorisation_of_sensitive_traits=False),
    ),
    (
        "real-time-rbi-without-authorisation",
        dict(use_categories=frozenset({"facial-recognition-real-time"})),
        dict(rbi_exception_documented=True, rbi_prior_authorisation=True),
    ),
    ("no-legal-basis", dict(legal_basis="   "), dict(legal_basis="Code of criminal procedure, art. 126")),
    (
        "consent-for-coercive-use",
        dict(legal_basis_is_consent=True, affected_persons=PEOPLE),
        dict(legal_basis_is_consent=False),
    ),
    ("bulk-processing-of-public", dict(processes_general_public_in_bulk=True), dict(processes_general_public_in_bulk=False)),
    ("no-alternative-considered", dict(alternatives_considered=""), dict(alternatives_considered="Manual triage")),
    (
        "high-risk-without-impact-assessment",
        dict(risk_tier_claimed="high-risk-annex-iii", impact_assessments={"dpia": "planned"}),
        dict(impact_assessments={"dpia": "completed"}),
    ),
    (
        "profiling-claimed-not-high-risk",
        dict(profiles_individuals=True, risk_tier_claimed="minimal"),
        dict(risk_tier_claimed="high-risk-annex-iii", impact_assessments={"toolkit": "completed"}),
    ),
    (
        "automated-action-on-persons",
        dict(decision_role="acts-automatically", affected_persons=PEOPLE),
        dict(decision_role="decides-with-human-sign-off"),
    ),
    (
        "no-human-review",
        dict(human_review_before_effect=False, affected_persons=PEOPLE),
        dict(human_review_before_effect=True),
    ),
    ("no-field-evaluation", dict(only_vendor_claims=True, evaluated_in_the_field=False),
     dict(only_vendor_claims=False, evaluated_in_the_field=True)),
    ("protected-traits-as-features", dict(protected_traits_as_features=True), dict(protected_traits_as_features=False)),
    (
        "biometric-without-group-testing",
        dict(ai_techniques=frozenset({"biometrics"}), per_group_testing_done=False),
        dict(per_group_testing_done=True),
    ),
    ("risky-data-provenance", dict(data_provenance=frozenset({"collected", "scraped"})),
     dict(data_provenance=frozenset({"collected"}))),
    ("no-retention-limit", dict(retention_limit=""), dict(retention_limit="Deleted after 30 days")),
    (
        "evidence-without-explanation",
        dict(output_used_as_evidence=True, explanation_method=""),
        dict(explanation_method="Examiner report lists the matched features"),
    ),
    ("no-redress-route", dict(redress_route="", affected_persons=PEOPLE), dict(redress_route="Police ombudsman")),
    ("no-accountable-owner", dict(accountable_owner_named=False), dict(accountable_owner_named=True)),
    ("no-logging", dict(logging_enabled=False), dict(logging_enabled=True)),
    ("supplier-reuses-data", dict(supplier_may_reuse_data=True), dict(supplier_data_agreement=True)),
]


def test_every_rule_has_a_case():
    assert {rule for rule, _raise, _clear in CASES} == {rule_id for rule_id, _c, _f in RULES}


@pytest.mark.parametrize("rule_id, raising, clearing", CASES, ids=[row[0] for row in CASES])
def test_rule_fires_and_clears(rule_id, raising, clearing):
    flagged = replace(CLEAN, **raising)
    assert rule_id in rules_fired(flagged)
    flag = next(f for f in red_flags(flagged) if f.rule == rule_id)
    assert flag.criterion in CRITERION_CODES and str(flag.message)
    assert rule_id not in rules_fired(replace(flagged, **clearing))


def test_real_time_recognition_outside_public_spaces_is_not_flagged():
    answers = replace(CLEAN, use_categories=frozenset({"facial-recognition-real-time"}),
                      remote_biometric_identification_in_public=False)
    assert "real-time-rbi-without-authorisation" not in rules_fired(answers)
    only_exception = replace(answers, remote_biometric_identification_in_public=True, rbi_exception_documented=True)
    assert "real-time-rbi-without-authorisation" in rules_fired(only_exception)


def test_rules_about_people_stay_quiet_when_no_person_is_affected():
    answers = replace(CLEAN, decision_role="acts-automatically", human_review_before_effect=False, redress_route="")
    assert rules_fired(answers) == set()


def test_consent_is_fine_when_only_officers_are_affected():
    answers = replace(CLEAN, legal_basis_is_consent=True, affected_persons=frozenset({"officers"}))
    assert "consent-for-coercive-use" not in rules_fired(answers)


def test_flags_come_in_rubric_order():
    answers = replace(CLEAN, legal_basis="", supplier_may_reuse_data=True, untargeted_facial_image_scraping=True)
    assert [f.rule for f in red_flags(answers)] == [
        "untargeted-facial-scraping", "no-legal-basis", "supplier-reuses-data",
    ]
