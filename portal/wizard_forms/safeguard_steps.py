"""The two safeguards steps: lawfulness and risk; oversight, fairness and accountability.

DESIGN lists one "safeguards" step; it is two pages because the responsible-use
questions are too many for one (see ``portal.wizard``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..form_display import CONFIDENTIAL, PUBLIC, SUMMARY
from ..models import answer_choices
from .fields import NONE_OF_THESE, assessment_date, assessment_status, choice, page_field, text, yes_no
from .step_form import StepForm

# --- 4. Safeguards: lawfulness and risk --------------------------------------------------------------


class LawfulnessStepForm(StepForm):
    page_fields = ("legal_basis_summary", "necessity_proportionality", "risk_tier_claimed", "annex_iii_point", "impact_assessments_summary")
    submission_fields = (
        "legal_basis_type",
        "legal_basis_detail",
        "legal_signoff",
        "coercive_use",
        "prohibited_practices",
        "rbi_exception",
        "rbi_authorised",
        "bulk_general_public",
        "alternatives_considered",
        "alternatives_detail",
        "profiles_individuals",
        "risk_class_reasoning",
        "dpia_status",
        "dpia_date",
        "fria_status",
        "fria_date",
        "toolkit_status",
        "toolkit_date",
        "other_assessment_name",
        "other_assessment_status",
        "other_assessment_date",
    )
    field_visibility = {
        "legal_basis_summary": SUMMARY,
        "necessity_proportionality": PUBLIC,
        "risk_tier_claimed": PUBLIC,
        "annex_iii_point": PUBLIC,
        "impact_assessments_summary": SUMMARY,
        **{name: CONFIDENTIAL for name in submission_fields},
    }
    conditional = (
        ("prohibited_practices", ("realtime_remote_biometric_identification",), "rbi_exception",
         _("Name the exception of the AI Act you rely on.")),
        ("prohibited_practices", ("realtime_remote_biometric_identification",), "rbi_authorised",
         _("Say whether a prior authorisation was given.")),
        ("alternatives_considered", (answer_choices.YES,), "alternatives_detail", _("Describe the alternatives you considered.")),
        ("legal_basis_type", ("statute", "court_order", "regulation", "international", "consent", "other"), "legal_basis_detail",
         _("Name the law or mandate relied on.")),
        *(
            (f"{prefix}_status", ("completed", "planned", "in_progress"), f"{prefix}_date",
             _("Give the date the assessment was completed or is planned."))
            for prefix, _label in answer_choices.IMPACT_ASSESSMENTS
        ),
        ("other_assessment_status", ("completed", "planned", "in_progress"), "other_assessment_name", _("Name the other assessment.")),
    )

    sections = (
        (_("Legal basis"), ("legal_basis_type", "legal_basis_detail", "legal_basis_summary", "legal_signoff", "coercive_use")),
        (_("Prohibited practices"), ("prohibited_practices", "rbi_exception", "rbi_authorised")),
        (_("Necessity and proportionality"), ("necessity_proportionality", "bulk_general_public", "alternatives_considered", "alternatives_detail")),
        (_("Risk class"), ("risk_tier_claimed", "annex_iii_point", "profiles_individuals", "risk_class_reasoning")),
        (
            _("Impact assessments"),
            ("impact_assessments_summary", "dpia_status", "dpia_date", "fria_status", "fria_date", "toolkit_status",
             "toolkit_date", "other_assessment_name", "other_assessment_status", "other_assessment_date"),
        ),
    )

    legal_basis_type = choice(_("What is the legal basis for the use?"), answer_choices.LEGAL_BASIS_CHOICES)
    legal_basis_detail = text(_("The law or mandate relied on"), _("Cite the provisions; the editors may check them."), required=False)
    legal_basis_summary = page_field(
        "legal_basis_summary", _("Legal basis (public summary)"), _("The law or mandate relied on, in general terms."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    legal_signoff = yes_no(_("Has a lawyer or legal service signed off the use?"))
    coercive_use = yes_no(
        _("Can the output lead to a coercive measure (a stop, search, arrest or detention)?"),
    )
    prohibited_practices = forms.MultipleChoiceField(
        label=_("Does the system do any of the following?"),
        help_text=_("These practices are prohibited by Article 5 of the EU AI Act or allowed only under strict exceptions. Choose all that apply, or “None of these”."),
        choices=[*answer_choices.PROHIBITED_PRACTICE_CHOICES, (NONE_OF_THESE, _("None of these"))],
        widget=forms.CheckboxSelectMultiple,
    )
    rbi_exception = text(
        _("Real-time biometric identification: the exception relied on"),
        _("Only if you chose real-time remote biometric identification above: the exception of Article 5(1)(h) and the impact assessment."),
        required=False,
    )
    rbi_authorised = forms.ChoiceField(
        label=_("Real-time biometric identification: was a prior authorisation given by a judicial or independent authority?"),
        choices=answer_choices.YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    necessity_proportionality = page_field(
        "necessity_proportionality",
        _("Necessity and proportionality"),
        _("Why AI is needed, the limits on time, place and persons, and the expected benefit."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    bulk_general_public = yes_no(_("Does the system process data about the general public in bulk?"))
    alternatives_considered = yes_no(_("Did you consider alternatives without AI, or less intrusive ones?"))
    alternatives_detail = text(_("Alternatives considered"), required=False)
    risk_tier_claimed = page_field(
        "risk_tier_claimed", _("EU AI Act risk class you claim"), _("The reviewers confirm or correct it."), widget=forms.RadioSelect
    )
    annex_iii_point = page_field("annex_iii_point", _("EU AI Act Annex III point"), widget=forms.RadioSelect)
    profiles_individuals = yes_no(_("Does the system profile individual people?"))
    risk_class_reasoning = text(_("Why this risk class"), _("Your reasons for the class and the Annex III point."))
    impact_assessments_summary = page_field(
        "impact_assessments_summary",
        _("Impact assessments (public summary)"),
        _("Which assessments were done (DPIA, FRIA, toolkit risk assessment, other), their status and date."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dpia_status = assessment_status(_("DPIA"))
    dpia_date = assessment_date(_("DPIA"))
    fria_status = assessment_status(_("FRIA"))
    fria_date = assessment_date(_("FRIA"))
    toolkit_status = assessment_status(_("Toolkit risk assessment"))
    toolkit_date = assessment_date(_("Toolkit risk assessment"))
    other_assessment_name = text(_("Other assessment: name"), _("Only if you did another assessment."), required=False, max_length=200)
    other_assessment_status = assessment_status(_("Other assessment"), required=False)
    other_assessment_date = assessment_date(_("Other assessment"))

    def clean_prohibited_practices(self) -> list[str]:
        chosen = self.cleaned_data.get("prohibited_practices") or []
        if NONE_OF_THESE in chosen and len(chosen) > 1:
            raise ValidationError(_("Choose “None of these” on its own, or only the practices that apply."))
        return chosen


# --- 5. Safeguards: oversight, fairness and accountability -----------------------------------------------


class OversightStepForm(StepForm):
    page_fields = ("human_oversight", "evaluation_summary", "redress_route", "accountable_role", "logging_audit_summary")
    submission_fields = (
        "human_review",
        "evaluation_basis",
        "drift_monitoring",
        "per_group_testing",
        "protected_traits_as_features",
        "evaluation_detail",
        "redress_route_exists",
        "output_used_as_evidence",
        "use_disclosed",
        "explanation_method",
        "accountable_person_name",
        "logging_enabled",
        "audit_detail",
    )
    field_visibility = {
        "human_oversight": PUBLIC,
        "evaluation_summary": SUMMARY,
        "redress_route": PUBLIC,
        "accountable_role": PUBLIC,
        "logging_audit_summary": SUMMARY,
        **{name: CONFIDENTIAL for name in submission_fields},
    }

    sections = (
        (_("Human oversight"), ("human_review", "human_oversight")),
        (_("Accuracy and bias"), ("evaluation_basis", "drift_monitoring", "per_group_testing", "protected_traits_as_features", "evaluation_summary", "evaluation_detail")),
        (_("Transparency and redress"), ("redress_route_exists", "redress_route", "output_used_as_evidence", "use_disclosed", "explanation_method")),
        (_("Accountability"), ("accountable_role", "accountable_person_name", "logging_enabled", "logging_audit_summary", "audit_detail")),
    )

    human_review = yes_no(_("Does a person review the output before anything affects someone?"))
    human_oversight = page_field(
        "human_oversight",
        _("Human oversight"),
        _("The workflow: who reviews outputs, who can override them, and how they are trained."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evaluation_basis = choice(_("How was the system's performance evaluated?"), answer_choices.EVALUATION_BASIS_CHOICES)
    drift_monitoring = yes_no(_("Is performance monitored while the system is in use?"))
    per_group_testing = yes_no(_("Were error rates compared across groups (e.g. by sex, age, skin tone)?"))
    protected_traits_as_features = yes_no(
        _("Are protected traits (ethnicity, religion, sex…) used as inputs for scoring individuals?")
    )
    evaluation_summary = page_field(
        "evaluation_summary",
        _("Evaluation, accuracy and bias testing (public summary)"),
        _("How performance and bias were tested, and the results in general terms."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evaluation_detail = text(_("Evaluation detail"), _("Test data, error rates per group, mitigations, drift monitoring."), required=False)
    redress_route_exists = yes_no(_("Can affected people challenge an outcome?"))
    redress_route = page_field(
        "redress_route", _("Redress route"), _("How an affected person can complain or appeal."), widget=forms.Textarea(attrs={"rows": 3})
    )
    output_used_as_evidence = yes_no(_("Is the output used as evidence in court?"))
    use_disclosed = yes_no(_("Is the use disclosed to the people it affects (or to the public)?"))
    explanation_method = text(
        _("Explanation and disclosure"), _("How an output is explained to officers, courts and affected people."), required=False
    )
    accountable_role = page_field(
        "accountable_role", _("Accountable role"), _("The role title only, e.g. Head of Forensic Services.")
    )
    accountable_person_name = text(_("Accountable person's name"), _("The person who holds that role now."), max_length=200)
    logging_enabled = yes_no(_("Is each use of the system logged?"))
    logging_audit_summary = page_field(
        "logging_audit_summary",
        _("Logging and audit (public summary)"),
        _("What is logged, and who audits it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    audit_detail = text(_("Logging and audit detail"), _("The review body, audit frequency, log retention."), required=False)
