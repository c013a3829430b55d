"""One form per wizard step. Each says which answers go to the page (public) and which to the record (confidential).

Public fields are built from ``UseCasePage``'s own model fields (so lengths,
choices and taxonomies match the catalogue exactly); confidential ones from
``Submission``. A form built with ``draft=True`` ("Save and come back later")
checks formats and lengths but not that everything is answered.

The help texts carry the evidence each responsible-use criterion asks for
(../shared/RUBRIC.md, "evidence the submitter gives").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from taggit.utils import edit_string_for_tags, parse_tags

from showcase.models import TITLE_MAX_LENGTH, UseCasePage
from showcase.text import TypedTextMixin, remove_invisible_controls

from .models import Submission, answer_choices
from .form_display import CONFIDENTIAL, PUBLIC, SUMMARY, AccessibleFormMixin, FilterableCheckboxes
from .wizard_messages import name_the_field

DETAIL_MAX_LENGTH = 4000
TAGS_MAX = 12
TAG_MAX_LENGTH = 50
NONE_OF_THESE = "none"


def page_field(name: str, label: Any, help_text: Any = "", *, widget: Any = None, **kwargs: Any) -> forms.Field:
    """A form field made from the ``UseCasePage`` model field (its length limit, choices, taxonomy)."""
    field = UseCasePage._meta.get_field(name).formfield(**kwargs)
    field.label = label
    field.help_text = help_text
    if widget is not None:
        field.widget = widget() if isinstance(widget, type) else widget
        field.widget.is_required = field.required
    if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
        field.empty_label = None  # radios need no "---------" option
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = [choice for choice in field.choices if choice[0] != ""]
        field.choices = choices
    if hasattr(field, "choices"):
        field.widget.choices = field.choices
    return field


def text(label: Any, help_text: Any = "", *, required: bool = True, max_length: int = DETAIL_MAX_LENGTH, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if max_length > 300 else forms.TextInput(),
    )


def yes_no(label: Any, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, help_text=help_text, choices=answer_choices.YES_NO, widget=forms.RadioSelect)


def choice(label: Any, choices: list, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, help_text=help_text, choices=choices, widget=forms.RadioSelect)


#: The largest primary key a taxonomy choice may name (PostgreSQL's bigint; SQLite's INTEGER).
MAX_PK = 2**63 - 1


class PrimaryKeyGuard:
    """Refuse a choice that is not a plausible primary key before the database is asked.

    Django's model choice fields pass any posted value to the database: a
    40-digit number overflows the driver (``OverflowError`` on SQLite, a
    ``DataError`` on PostgreSQL), a 500 instead of "not a valid choice".
    """

    def clean(self, value: Any) -> Any:
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if item in self.empty_values or isinstance(item, models.Model):
                continue
            text = str(item).strip()
            if not (text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= MAX_PK):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:40]}
                )
        return super().clean(value)


_GUARDED: dict[type, type] = {}


def guard_primary_keys(field: forms.Field) -> None:
    """Give this (per-form copy of a) model choice field the ``PrimaryKeyGuard``."""
    cls = type(field)
    if issubclass(cls, PrimaryKeyGuard) or not isinstance(field, forms.ModelChoiceField):
        return
    field.__class__ = _GUARDED.setdefault(cls, type(f"Guarded{cls.__name__}", (PrimaryKeyGuard, cls), {}))


class StepForm(TypedTextMixin, AccessibleFormMixin, forms.Form):
    """The base of every step: splits cleaned data into page and record answers.

    Every typed answer loses its invisible bidi and zero-width controls
    (``TypedTextMixin``) before anything is stored or shown.
    """

    page_fields: tuple[str, ...] = ()
    submission_fields: tuple[str, ...] = ()
    #: Headings that group the questions on the page: (heading, field names); empty: one group.
    sections: tuple[tuple[Any, tuple[str, ...]], ...] = ()
    #: Cross-field rules, each (trigger field, trigger values, dependent field, message); checked only on a full save.
    conditional: tuple[tuple[str, tuple[str, ...], str, Any], ...] = ()

    def __init__(self, *args: Any, draft: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_draft_save = draft
        for name, field in self.fields.items():
            guard_primary_keys(field)
            name_the_field(name, field)
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "offered_for"):
                current = self.initial.get(name)
                current_pks = [getattr(v, "pk", v) for v in (current if isinstance(current, (list, tuple)) else [current])]
                field.queryset = queryset.model.objects.offered_for(current_pks)
            if draft:
                field.required = False

    def _clean_fields(self) -> None:
        super()._clean_fields()
        # An answer made only of invisible controls (and spaces) is empty once they are removed:
        # strip it again, and a required question is then unanswered, with its own message.
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if isinstance(value, str) and getattr(field, "strip", False) and value != value.strip():
                self.cleaned_data[name] = value = value.strip()
            if isinstance(value, str) and not value and field.required:
                self.add_error(name, ValidationError(field.error_messages["required"], code="required"))

    def sections_for_display(self) -> list[tuple[Any, list[Any]]]:
        if not self.sections:
            return [("", [self[name] for name in self.fields])]
        return [(heading, [self[name] for name in names if name in self.fields]) for heading, names in self.sections]

    @classmethod
    def initial_from(cls, page_answers: dict[str, Any], submission: Submission) -> dict[str, Any]:
        initial = {name: page_answers.get(name) for name in cls.page_fields}
        for name in cls.submission_fields:
            initial[name] = getattr(submission, name)
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.is_draft_save:
            return cleaned
        for trigger, values, dependent, message in self.conditional:
            answer = cleaned.get(trigger)
            answers = answer if isinstance(answer, (list, tuple)) else [answer]
            if any(value in answers for value in values) and cleaned.get(dependent) in (None, "", []):
                self.add_error(dependent, message)
        return cleaned

    def page_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.page_fields if name in self.cleaned_data}

    def submission_values(self) -> dict[str, Any]:
        values = {}
        for name in self.submission_fields:
            if name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            if value is None:  # an unanswered field of a draft save: the model's empty value
                field = Submission._meta.get_field(name)
                value = [] if isinstance(field, models.JSONField) else (None if field.null else "")
            values[name] = value
        return values


# --- 1. Organisation and contact -------------------------------------------------------------


class OrganisationStepForm(StepForm):
    page_fields = ("organisation_name", "show_organisation_name", "organisation_type", "countries")
    submission_fields = ("contact_name", "contact_email", "contact_phone", "consent_to_publish")
    field_visibility = {
        "organisation_name": PUBLIC,
        "show_organisation_name": PUBLIC,
        "organisation_type": PUBLIC,
        "countries": PUBLIC,
        "contact_name": CONFIDENTIAL,
        "contact_email": CONFIDENTIAL,
        "contact_phone": CONFIDENTIAL,
        "consent_to_publish": CONFIDENTIAL,
    }

    sections = (
        (_("Your organisation"), ("organisation_name", "show_organisation_name", "organisation_type", "countries")),
        (_("Contact for the editors"), ("contact_name", "contact_email", "contact_phone")),
        (_("Consent"), ("consent_to_publish",)),
    )

    organisation_name = page_field("organisation_name", _("Organisation"), _("The organisation that uses or built the system."))
    show_organisation_name = page_field(
        "show_organisation_name",
        _("Show the organisation's name on the published case"),
        _('Untick to show only its type instead, for example "a national police agency".'),
    )
    organisation_type = page_field("organisation_type", _("Organisation type"), widget=forms.RadioSelect)
    countries = page_field(
        "countries",
        _("Countries where the system is used"),
        _("Choose one or more. The region is derived from them."),
        widget=FilterableCheckboxes(filter_label=_("Filter the countries")),
    )
    contact_name = text(_("Contact person"), _("Who the editors may contact about this case."), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail address"), max_length=254)
    contact_phone = forms.CharField(
        label=_("Contact phone number"), help_text=_("With the country code, e.g. +33 4 72 44 70 00."), max_length=50
    )
    consent_to_publish = forms.BooleanField(
        label=_("I agree that the public answers may be published once the case is approved"),
        help_text=_("Confidential answers are never published. You can withdraw the case until it is published."),
    )


# --- 2. The use case ------------------------------------------------------------------------------


class UseCaseStepForm(StepForm):
    page_fields = (
        "title",
        "summary",
        "content_language",
        "deployment_stage",
        "use_categories",
        "crime_areas",
        "affected_persons",
        "problem",
        "benefits",
        "outputs",
        "decision_role",
    )
    field_visibility = {name: PUBLIC for name in page_fields}

    title = forms.CharField(
        label=_("Title"),
        help_text=format_lazy(_("A short, descriptive name for the use case (at most {limit} characters)."), limit=TITLE_MAX_LENGTH),
        max_length=TITLE_MAX_LENGTH,
    )
    summary = page_field(
        "summary", _("Short summary"), _("What the system does, and for whom, in at most 350 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    content_language = page_field("content_language", _("Language you are writing in"), widget=forms.RadioSelect)
    deployment_stage = page_field("deployment_stage", _("Deployment stage"), widget=forms.RadioSelect)
    use_categories = page_field("use_categories", _("Use categories"), _("Choose every category that applies."), widget=forms.CheckboxSelectMultiple)
    crime_areas = page_field("crime_areas", _("Crime areas"), _("Choose every area that applies."), widget=forms.CheckboxSelectMultiple)
    affected_persons = page_field(
        "affected_persons", _("Affected persons"), _("Whose data or situation the system touches."), widget=forms.CheckboxSelectMultiple
    )
    problem = page_field("problem", _("Problem addressed"), _("The operational problem the system addresses."), widget=forms.Textarea(attrs={"rows": 5}))
    benefits = page_field("benefits", _("Benefits"), _("Observed or expected benefits, with figures if you have them."), widget=forms.Textarea(attrs={"rows": 4}))
    outputs = page_field("outputs", _("Outputs"), _("What the system produces: alerts, scores, transcripts, matches…"), widget=forms.Textarea(attrs={"rows": 3}))
    decision_role = page_field(
        "decision_role", _("Role of the output in decisions"), _("What the output does in the decision about a person or a case."),
        widget=forms.RadioSelect,
    )


# --- 3. Technology and data ---------------------------------------------------------------------------


class TechnologyStepForm(StepForm):
    page_fields = ("ai_techniques", "build_approach", "supplier_name", "data_summary")
    submission_fields = (
        "personal_data",
        "biometric_data",
        "data_provenance",
        "data_inventory",
        "retention_limit",
        "retention_period",
        "supplier_may_reuse_data",
        "supplier_data_terms",
        "security_accreditation",
    )
    field_visibility = {
        "ai_techniques": PUBLIC,
        "build_approach": PUBLIC,
        "supplier_name": PUBLIC,
        "data_summary": SUMMARY,
        **{name: CONFIDENTIAL for name in submission_fields},
    }
    conditional = (
        ("build_approach", ("supplier", "mixed"), "supplier_name", _("Name the supplier (the name is public).")),
        ("retention_limit", (answer_choices.YES,), "retention_period", _("Say how long the data is kept.")),
        (
            "supplier_may_reuse_data",
            ("no", "yes_with_agreement", "yes"),
            "supplier_data_terms",
            _("Describe what the supplier may do with the data."),
        ),
    )

    sections = (
        (_("The technology"), ("ai_techniques", "build_approach", "supplier_name")),
        (_("The data"), ("data_summary", "personal_data", "biometric_data", "data_provenance", "data_inventory", "retention_limit", "retention_period")),
        (_("Security and the supplier"), ("supplier_may_reuse_data", "supplier_data_terms", "security_accreditation")),
    )

    ai_techniques = page_field("ai_techniques", _("AI techniques"), _("Choose every technique the system uses."), widget=forms.CheckboxSelectMultiple)
    build_approach = page_field("build_approach", _("How the system was built"), widget=forms.RadioSelect)
    supplier_name = page_field("supplier_name", _("Supplier"), _("Needed when a supplier is involved."), required=False)
    data_summary = page_field(
        "data_summary",
        _("Data used (public summary)"),
        _("The kinds of data used, including any personal or biometric data, in general terms."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    personal_data = yes_no(_("Does the system process personal data?"))
    biometric_data = yes_no(_("Does it process biometric data (faces, fingerprints, voice…)?"))
    data_provenance = forms.MultipleChoiceField(
        label=_("Where does the training and operational data come from?"),
        help_text=_("Choose every source that applies."),
        choices=answer_choices.PROVENANCE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    data_inventory = text(_("Data inventory"), _("The data sets, their provenance and how they are minimised."), required=False)
    retention_limit = yes_no(_("Is there a limit on how long the data is kept?"))
    retention_period = text(_("Retention period"), _("For example: 30 days for non-matching images, 2 years for case data."), required=False, max_length=300)
    supplier_may_reuse_data = choice(_("May the supplier reuse your operational data?"), answer_choices.SUPPLIER_REUSE_CHOICES)
    supplier_data_terms = text(_("The supplier's data terms"), _("What the contract allows the supplier to do with the data."), required=False)
    security_accreditation = text(
        _("Security accreditation"), _("Accreditations, penetration tests, where the system is hosted and who can access it.")
    )


# --- 4. Safeguards: lawfulness and risk --------------------------------------------------------------


def assessment_status(label: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=format_lazy(_("{assessment}: status"), assessment=label),
        choices=answer_choices.ASSESSMENT_STATUS_CHOICES,
        widget=forms.RadioSelect,
        required=required,
    )


def assessment_date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=format_lazy(_("{assessment}: date completed or planned"), assessment=label),
        help_text=_("The day it was completed, or is planned."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


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


# --- 6. Images and tags --------------------------------------------------------------------------------------


class MediaStepForm(StepForm):
    """Tags and visibility, plus one optional image upload per save (the list of images is shown above)."""

    page_fields = ("tags", "visibility")
    sections = (
        (_("Add an image"), ("image", "alt_text", "caption")),
        (_("Tags and readers"), ("tags", "visibility")),
    )
    field_visibility = {"tags": PUBLIC, "visibility": PUBLIC, "image": PUBLIC, "alt_text": PUBLIC, "caption": PUBLIC}

    image = forms.FileField(
        label=_("Add an image (optional)"),
        help_text=_("A screenshot or a diagram: JPEG, PNG or WebP, at most 10 MB and 40 megapixels. Up to six images."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Alternative text for the image"),
        help_text=_("Describe what the image shows for someone who cannot see it. Required with an image."),
        max_length=250,
        required=False,
    )
    caption = forms.CharField(label=_("Caption (optional)"), max_length=250, required=False)
    tags = forms.CharField(
        label=_("Tags"),
        help_text=format_lazy(_("Free keywords, separated by commas, e.g. drones, missing persons. At most {count}."), count=TAGS_MAX),
        required=False,
        max_length=600,
    )
    visibility = page_field("visibility", _("Who may read the case once published"), widget=forms.RadioSelect)

    @classmethod
    def initial_from(cls, page_answers: dict[str, Any], submission: Submission) -> dict[str, Any]:
        from types import SimpleNamespace

        tags = [SimpleNamespace(name=name) for name in page_answers.get("tags", [])]
        return {"tags": edit_string_for_tags(tags), "visibility": page_answers.get("visibility")}

    def clean_tags(self) -> list[str]:
        # Cleaned before splitting, so a tag of invisible characters only does not become an empty tag.
        tags = parse_tags(remove_invisible_controls(self.cleaned_data.get("tags") or ""))
        if len(tags) > TAGS_MAX:
            raise ValidationError(_("Use at most %(count)d tags.") % {"count": TAGS_MAX})
        validator = MaxLengthValidator(TAG_MAX_LENGTH)
        for tag in tags:
            validator(tag)
        return tags

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("alt_text"):
            self.add_error("alt_text", _("Describe the image for people who cannot see it."))
        return cleaned

    def page_values(self) -> dict[str, Any]:
        values = super().page_values()
        if self.is_draft_save and not values.get("visibility"):
            values.pop("visibility", None)
        return values
