"""The wizard's error messages, GOV.UK style: each names what is missing and what to do.

https://design-system.service.gov.uk/components/error-message/ — "Enter a title"
for a text box, "Choose …" for radios and checkboxes, and (as the wizard's
conditional questions already do) "Say whether …" for a yes/no question. The
same words show in the error summary, next to the field, and on "Check your
answers".

Kept apart from ``wizard_forms`` so the questions and the messages can each be
read (and translated) in one place.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy as _

#: The message when a required question is not answered, by field name (every required field of every step).
REQUIRED: dict[str, Any] = {
    # 1. Organisation and contact
    "organisation_name": _("Enter the name of the organisation"),
    "organisation_type": _("Choose the organisation type"),
    "countries": _("Choose at least one country"),
    "contact_name": _("Enter the name of the contact person"),
    "contact_email": _("Enter the contact e-mail address"),
    "contact_phone": _("Enter the contact phone number"),
    "consent_to_publish": _("Tick the box to agree that the public answers may be published"),
    # 2. The use case
    "title": _("Enter a title"),
    "summary": _("Enter a short summary"),
    "content_language": _("Choose the language you are writing in"),
    "deployment_stage": _("Choose the deployment stage"),
    "use_categories": _("Choose at least one use category"),
    "crime_areas": _("Choose at least one crime area"),
    "affected_persons": _("Choose at least one group of affected persons"),
    "problem": _("Enter the problem the system addresses"),
    "benefits": _("Enter the benefits"),
    "outputs": _("Enter what the system produces"),
    "decision_role": _("Choose the role of the output in decisions"),
    # 3. Technology and data
    "ai_techniques": _("Choose at least one AI technique"),
    "build_approach": _("Choose how the system was built"),
    "data_summary": _("Enter a public summary of the data used"),
    "personal_data": _("Say whether the system processes personal data"),
    "biometric_data": _("Say whether the system processes biometric data"),
    "data_provenance": _("Choose at least one source of the data"),
    "retention_limit": _("Say whether there is a limit on how long the data is kept"),
    "supplier_may_reuse_data": _("Say whether the supplier may reuse your operational data"),
    "security_accreditation": _("Enter the security accreditation, or say that there is none"),
    # 4. Safeguards: lawfulness and risk
    "legal_basis_type": _("Choose the legal basis for the use"),
    "legal_basis_summary": _("Enter a public summary of the legal basis"),
    "legal_signoff": _("Say whether a lawyer or legal service signed off the use"),
    "coercive_use": _("Say whether the output can lead to a coercive measure"),
    "prohibited_practices": _("Choose the practices the system performs, or “None of these”"),
    "necessity_proportionality": _("Enter why the use is necessary and proportionate"),
    "bulk_general_public": _("Say whether the system processes data about the general public in bulk"),
    "alternatives_considered": _("Say whether you considered alternatives"),
    "risk_tier_claimed": _("Choose the EU AI Act risk class you claim"),
    "annex_iii_point": _("Choose the EU AI Act Annex III point"),
    "profiles_individuals": _("Say whether the system profiles individual people"),
    "risk_class_reasoning": _("Enter why you chose this risk class"),
    "impact_assessments_summary": _("Enter a public summary of the impact assessments"),
    "dpia_status": _("Choose the status of the DPIA"),
    "fria_status": _("Choose the status of the FRIA"),
    "toolkit_status": _("Choose the status of the toolkit risk assessment"),
    "other_assessment_status": _("Choose the status of the other assessment"),
    # 5. Safeguards: oversight and accountability
    "human_review": _("Say whether a person reviews the output before anything affects someone"),
    "human_oversight": _("Enter how people oversee the system"),
    "evaluation_basis": _("Choose how the system’s performance was evaluated"),
    "drift_monitoring": _("Say whether performance is monitored while the system is in use"),
    "per_group_testing": _("Say whether error rates were compared across groups"),
    "protected_traits_as_features": _("Say whether protected traits are used as inputs for scoring individuals"),
    "evaluation_summary": _("Enter a public summary of the evaluation, accuracy and bias testing"),
    "redress_route_exists": _("Say whether affected people can challenge an outcome"),
    "redress_route": _("Enter how an affected person can complain or appeal"),
    "output_used_as_evidence": _("Say whether the output is used as evidence in court"),
    "use_disclosed": _("Say whether the use is disclosed to the people it affects"),
    "accountable_role": _("Enter the accountable role"),
    "accountable_person_name": _("Enter the name of the accountable person"),
    "logging_enabled": _("Say whether each use of the system is logged"),
    "logging_audit_summary": _("Enter a public summary of the logging and audit"),
    # 6. Images and tags
    "visibility": _("Choose who may read the case once published"),
}


def name_the_field(name: str, field: forms.Field) -> None:
    """Give ``field`` (a per-form copy) messages that say which question they are about."""
    label = str(field.label)
    messages = field.error_messages
    if name in REQUIRED:
        messages["required"] = REQUIRED[name]
    if getattr(field, "max_length", None):
        # Django's validator fills in the numbers; the label is put in here (it may not contain "%").
        messages["max_length"] = gettext(
            "{label} must be at most %(limit_value)d characters (it has %(show_value)d)"
        ).replace("{label}", label.replace("%", "%%"))
    if isinstance(field, forms.EmailField):
        messages["invalid"] = gettext("Enter an e-mail address in the correct format, like name@example.org")
    elif isinstance(field, forms.DateField):
        messages["invalid"] = gettext("%(label)s must be a real date") % {"label": label}
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        # Only a tampered form sends a value that is not offered; still, say which question.
        choose = gettext("%(label)s: choose one of the options") % {"label": label}
        messages["invalid_choice"] = choose.replace("%", "%%")  # raised with a value to format in
        messages["invalid_list"] = choose
