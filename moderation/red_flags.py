"""Automatic red flags: pure functions over a case's answers.

One rule per red-flag cell of ../shared/RUBRIC.md ("Review criteria"), each
tied to the criterion it concerns. Rules only read a ``CaseAnswers`` value —
no database, no request — so each is unit-tested on its own, and the same
answers always raise the same flags. A flag disappears when the submitter's
answers no longer meet its condition ("cleared"); otherwise a reviewer must
override it with a written justification before approving.

``CaseAnswers`` is built from the public page and the confidential submission
by ``moderation.red_flag_answers`` (the only place that reads both the page and the submission).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Slugs of the RUBRIC taxonomies (seeded by showcase's data migration).
REAL_TIME_FACIAL_RECOGNITION = "facial-recognition-real-time"
RETROSPECTIVE_FACIAL_RECOGNITION = "facial-recognition-retrospective"
INDIVIDUAL_RISK_ASSESSMENT = "individual-risk-assessment"
ACTS_AUTOMATICALLY = "acts-automatically"
HIGH_RISK = "high-risk-annex-iii"
NOT_HIGH_RISK_TIERS = frozenset({"transparency-obligations", "minimal", "outside-eu-scope"})
BIOMETRICS = "biometrics"
NO_NATURAL_PERSONS = "no-natural-persons"
PEOPLE_AT_RISK_OF_COERCION = frozenset({"suspects", "general-public", "witnesses"})

IMPACT_ASSESSMENT_DONE = "completed"  # portal.models.ASSESSMENT_STATUS_CHOICES
RISKY_PROVENANCE = frozenset({"scraped", "unknown"})


@dataclass(frozen=True)
class CaseAnswers:
    """What the rules may look at. Defaults describe a case that raises no flag."""

    # Public answers (on the page)
    use_categories: frozenset[str] = frozenset()
    ai_techniques: frozenset[str] = frozenset()
    affected_persons: frozenset[str] = frozenset({NO_NATURAL_PERSONS})
    decision_role: str = "informs"
    risk_tier_claimed: str = "minimal"
    annex_iii_point: str = ""
    human_oversight: str = "An officer reviews every output."
    redress_route: str = "Complaints to the professional standards department."
    accountable_role: str = "Head of the unit"
    # Confidential or summarised answers (on the submission)
    legal_basis: str = "The national police act."
    legal_basis_is_consent: bool = False
    alternatives_considered: str = "Manual review was tried first."
    processes_general_public_in_bulk: bool = False
    profiles_individuals: bool = False
    prediction_solely_on_profiling: bool = False
    untargeted_facial_image_scraping: bool = False
    emotion_recognition_at_work_or_education: bool = False
    biometric_categorisation_of_sensitive_traits: bool = False
    remote_biometric_identification_in_public: bool | None = None  # None: not answered
    rbi_exception_documented: bool = False
    rbi_prior_authorisation: bool = False
    # kind ("dpia", "fria", "toolkit", "other_assessment") -> status (portal.models.ASSESSMENT_STATUS_CHOICES)
    impact_assessments: dict[str, str] = field(default_factory=dict)
    human_review_before_effect: bool = True
    evaluated_in_the_field: bool = True
    only_vendor_claims: bool = False
    protected_traits_as_features: bool = False
    per_group_testing_done: bool = True
    processes_biometric_data: bool = False
    data_provenance: frozenset[str] = frozenset({"collected"})
    retention_limit: str = "Deleted after 90 days."
    output_used_as_evidence: bool = False
    explanation_method: str = ""
    use_disclosed: bool = True
    accountable_owner_named: bool = True
    logging_enabled: bool = True
    supplier_may_reuse_data: bool = False
    supplier_data_agreement: bool = False

    @property
    def affects_people(self) -> bool:
        return bool(self.affected_persons - {NO_NATURAL_PERSONS})

    @property
    def is_biometric(self) -> bool:
        return (
            BIOMETRICS in self.ai_techniques
            or self.processes_biometric_data
            or bool({REAL_TIME_FACIAL_RECOGNITION, RETROSPECTIVE_FACIAL_RECOGNITION} & self.use_categories)
            or self.annex_iii_point == "1"
        )

    @property
    def is_high_risk(self) -> bool:
        return self.risk_tier_claimed == HIGH_RISK or self.annex_iii_point in {"1", "6"}


@dataclass(frozen=True)
class RedFlag:
    rule: str  # stable identifier of the rule, e.g. "no-legal-basis"
    criterion: str  # code of the Criterion it concerns
    message: str | Promise


Rule = Callable[[CaseAnswers], "RedFlag | None"]
RULES: list[tuple[str, str, Rule]] = []


def rule(rule_id: str, criterion: str) -> Callable[[Callable[[CaseAnswers], str | Promise | None]], Rule]:
    """Register a rule: the function returns the flag's message when the condition holds, else None."""

    def register(check: Callable[[CaseAnswers], str | Promise | None]) -> Rule:
        def evaluate(answers: CaseAnswers) -> RedFlag | None:
            message = check(answers)
            return RedFlag(rule_id, criterion, message) if message else None

        evaluate.__name__ = check.__name__
        evaluate.__doc__ = check.__doc__
        RULES.append((rule_id, criterion, evaluate))
        return evaluate

    return register


def red_flags(answers: CaseAnswers) -> list[RedFlag]:
    """Every flag the answers raise, in rubric order."""
    return [flag for _rule_id, _criterion, evaluate in RULES if (flag := evaluate(answers)) is not None]


def _blank(text: str) -> bool:
    return not (text or "").strip()


# --- prohibited-practice (AI Act Art. 5) ------------------------------------


@rule("individual-prediction-by-profiling", "prohibited-practice")
def individual_prediction_by_profiling(a: CaseAnswers) -> str | Promise | None:
    if a.prediction_solely_on_profiling and (INDIVIDUAL_RISK_ASSESSMENT in a.use_categories or a.profiles_individuals):
        return _("Predicts crime by an individual based solely on profiling or personality traits (AI Act Art. 5(1)(d)).")
    return None


@rule("untargeted-facial-scraping", "prohibited-practice")
def untargeted_facial_scraping(a: CaseAnswers) -> str | Promise | None:
    if a.untargeted_facial_image_scraping:
        return _("Builds or expands a facial database by untargeted scraping of facial images (AI Act Art. 5(1)(e)).")
    return None


@rule("emotion-recognition-work-education", "prohibited-practice")
def emotion_recognition_work_education(a: CaseAnswers) -> str | Promise | None:
    if a.emotion_recognition_at_work_or_education:
        return _("Infers emotions in a workplace or an education institution (AI Act Art. 5(1)(f)).")
    return None


@rule("biometric-categorisation-sensitive-traits", "prohibited-practice")
def biometric_categorisation_sensitive_traits(a: CaseAnswers) -> str | Promise | None:
    if a.biometric_categorisation_of_sensitive_traits:
        return _("Categorises people by biometric data to infer sensitive traits (AI Act Art. 5(1)(g)).")
    return None


@rule("real-time-rbi-without-authorisation", "prohibited-practice")
def real_time_rbi_without_authorisation(a: CaseAnswers) -> str | Promise | None:
    """Real-time facial recognition counts as in public unless the submitter said it is not."""
    in_public = a.remote_biometric_identification_in_public
    if in_public is None:
        in_public = REAL_TIME_FACIAL_RECOGNITION in a.use_categories
    if in_public and not (a.rbi_exception_documented and a.rbi_prior_authorisation):
        return _(
            "Real-time remote biometric identification in public spaces without a documented exception "
            "and prior authorisation (AI Act Art. 5(1)(h) and 5(3))."
        )
    return None


# --- legal-basis ---------------------------------------------------------------


@rule("no-legal-basis", "legal-basis")
def no_legal_basis(a: CaseAnswers) -> str | Promise | None:
    if _blank(a.legal_basis):
        return _("No legal basis is given.")
    return None


@rule("consent-for-coercive-use", "legal-basis")
def consent_for_coercive_use(a: CaseAnswers) -> str | Promise | None:
    if a.legal_basis_is_consent and a.affected_persons & PEOPLE_AT_RISK_OF_COERCION:
        return _("Consent is given as the legal basis for a use that affects suspects, witnesses or the public.")
    return None


# --- necessity-proportionality -------------------------------------------------


@rule("bulk-processing-of-public", "necessity-proportionality")
def bulk_processing_of_public(a: CaseAnswers) -> str | Promise | None:
    if a.processes_general_public_in_bulk:
        return _("Processes data about the general public in bulk.")
    return None


@rule("no-alternative-considered", "necessity-proportionality")
def no_alternative_considered(a: CaseAnswers) -> str | Promise | None:
    if _blank(a.alternatives_considered):
        return _("No alternative to using AI was considered.")
    return None


# --- risk-classification -------------------------------------------------------


@rule("high-risk-without-impact-assessment", "risk-classification")
def high_risk_without_impact_assessment(a: CaseAnswers) -> str | Promise | None:
    if a.is_high_risk and IMPACT_ASSESSMENT_DONE not in set(a.impact_assessments.values()):
        return _("A high-risk (Annex III) use with no completed impact assessment (DPIA, FRIA or toolkit).")
    return None


@rule("profiling-claimed-not-high-risk", "risk-classification")
def profiling_claimed_not_high_risk(a: CaseAnswers) -> str | Promise | None:
    profiles = a.profiles_individuals or INDIVIDUAL_RISK_ASSESSMENT in a.use_categories
    if profiles and a.risk_tier_claimed in NOT_HIGH_RISK_TIERS:
        return _("Claimed not to be high-risk, but the system profiles people (AI Act Art. 6(3)).")
    return None


# --- human-oversight -----------------------------------------------------------


@rule("automated-action-on-persons", "human-oversight")
def automated_action_on_persons(a: CaseAnswers) -> str | Promise | None:
    if a.decision_role == ACTS_AUTOMATICALLY and a.affects_people:
        return _("The system acts automatically on persons.")
    return None


@rule("no-human-review", "human-oversight")
def no_human_review(a: CaseAnswers) -> str | Promise | None:
    if a.affects_people and (not a.human_review_before_effect or _blank(a.human_oversight)):
        return _("No person reviews the outputs before they affect someone.")
    return None


# --- accuracy-robustness -------------------------------------------------------


@rule("no-field-evaluation", "accuracy-robustness")
def no_field_evaluation(a: CaseAnswers) -> str | Promise | None:
    if a.only_vendor_claims or not a.evaluated_in_the_field:
        return _("Performance rests on vendor claims only, with no evaluation in real operating conditions.")
    return None


# --- bias-fairness -------------------------------------------------------------


@rule("protected-traits-as-features", "bias-fairness")
def protected_traits_as_features(a: CaseAnswers) -> str | Promise | None:
    if a.protected_traits_as_features:
        return _("Protected traits are used as features to score individuals.")
    return None


@rule("biometric-without-group-testing", "bias-fairness")
def biometric_without_group_testing(a: CaseAnswers) -> str | Promise | None:
    if a.is_biometric and not a.per_group_testing_done:
        return _("A biometric system with no testing of performance per demographic group.")
    return None


# --- data-governance -----------------------------------------------------------


@rule("risky-data-provenance", "data-governance")
def risky_data_provenance(a: CaseAnswers) -> str | Promise | None:
    if a.data_provenance & RISKY_PROVENANCE or not a.data_provenance:
        return _("Training or operational data is scraped or of unknown provenance.")
    return None


@rule("no-retention-limit", "data-governance")
def no_retention_limit(a: CaseAnswers) -> str | Promise | None:
    if _blank(a.retention_limit):
        return _("No retention limit is set for the data.")
    return None


# --- transparency-explainability ----------------------------------------------


@rule("evidence-without-explanation", "transparency-explainability")
def evidence_without_explanation(a: CaseAnswers) -> str | Promise | None:
    if a.output_used_as_evidence and (_blank(a.explanation_method) or not a.use_disclosed):
        return _("Outputs are used as evidence without an explanation method or disclosure of the use.")
    return None


# --- contestability-redress ----------------------------------------------------


@rule("no-redress-route", "contestability-redress")
def no_redress_route(a: CaseAnswers) -> str | Promise | None:
    if a.affects_people and _blank(a.redress_route):
        return _("Affected people have no route to challenge an outcome.")
    return None


# --- accountability-audit ------------------------------------------------------


@rule("no-accountable-owner", "accountability-audit")
def no_accountable_owner(a: CaseAnswers) -> str | Promise | None:
    if _blank(a.accountable_role) or not a.accountable_owner_named:
        return _("No accountable owner is named.")
    return None


@rule("no-logging", "accountability-audit")
def no_logging(a: CaseAnswers) -> str | Promise | None:
    if not a.logging_enabled:
        return _("The system's use is not logged.")
    return None


# --- security-vendor -----------------------------------------------------------


@rule("supplier-reuses-data", "security-vendor")
def supplier_reuses_data(a: CaseAnswers) -> str | Promise | None:
    if a.supplier_may_reuse_data and not a.supplier_data_agreement:
        return _("The supplier may reuse operational data without an agreement.")
    return None
