"""The twelve review criteria of ../shared/RUBRIC.md, as data.

The data migration that seeds the ``Criterion`` snippet reads this list once;
after that editors reword, reorder or retire criteria in the admin, and an
assessment keeps the wording that was in force when it was made. The codes
are stable identifiers: red-flag rules (``moderation.red_flags``) refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CriterionSeed:
    code: str
    principle: str
    question: str
    guidance: str


#: The toolkit's five core principles, in the toolkit's order; a case's public
#: review shows one outcome per principle.
PRINCIPLES: tuple[str, ...] = (
    "Lawfulness",
    "Minimisation of harm",
    "Human autonomy",
    "Fairness",
    "Good governance",
)

CRITERIA: tuple[CriterionSeed, ...] = (
    CriterionSeed(
        "prohibited-practice",
        "Lawfulness",
        "Does the case involve a practice that the EU AI Act prohibits?",
        "Evidence: purpose, inputs, context; for real-time remote biometric identification, the exception "
        "relied on, the prior authorisation and the impact assessment (AI Act Art. 5).",
    ),
    CriterionSeed(
        "legal-basis",
        "Lawfulness",
        "Is there a specific legal basis and a legitimate aim?",
        "Evidence: the law or mandate relied on; legal sign-off. Consent is not a basis for a coercive use.",
    ),
    CriterionSeed(
        "necessity-proportionality",
        "Lawfulness",
        "Is AI needed, and are scope and benefit proportionate?",
        "Evidence: alternatives considered; limits on time, place and persons; expected benefit.",
    ),
    CriterionSeed(
        "risk-classification",
        "Minimisation of harm",
        "Is the risk class right, and are the impact assessments done?",
        "Evidence: the claimed AI Act class with reasons; DPIA, FRIA and toolkit risk assessment status "
        "(AI Act Art. 6, 27 and Annex III).",
    ),
    CriterionSeed(
        "human-oversight",
        "Human autonomy",
        "Does a person review outputs before anything affects someone?",
        "Evidence: the workflow; who can override; training (AI Act Art. 14).",
    ),
    CriterionSeed(
        "accuracy-robustness",
        "Minimisation of harm",
        "Is performance validated in real operating conditions and monitored?",
        "Evidence: test data, error rates, drift monitoring (AI Act Art. 15). Vendor claims alone are not enough.",
    ),
    CriterionSeed(
        "bias-fairness",
        "Fairness",
        "Were bias and disparate impact tested?",
        "Evidence: results per group; mitigations; demographic features used.",
    ),
    CriterionSeed(
        "data-governance",
        "Human autonomy",
        "Is the data lawful, minimised and retained only as long as needed?",
        "Evidence: data inventory, provenance, retention period (AI Act Art. 10).",
    ),
    CriterionSeed(
        "transparency-explainability",
        "Human autonomy",
        "Can outputs be explained to officers, courts and affected people?",
        "Evidence: explanation method; how the use is disclosed (AI Act Art. 13).",
    ),
    CriterionSeed(
        "contestability-redress",
        "Fairness",
        "Can affected people challenge an outcome?",
        "Evidence: the complaint or appeal route.",
    ),
    CriterionSeed(
        "accountability-audit",
        "Good governance",
        "Is there an accountable owner, with logs and independent audit?",
        "Evidence: accountable role; logging; review body (AI Act Art. 12).",
    ),
    CriterionSeed(
        "security-vendor",
        "Minimisation of harm",
        "Are security and supplier terms sound?",
        "Evidence: security accreditation; what the supplier may do with the data.",
    ),
)

CRITERION_CODES: frozenset[str] = frozenset(seed.code for seed in CRITERIA)
