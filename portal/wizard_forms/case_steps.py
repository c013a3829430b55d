"""The steps about the case itself: organisation and contact, the use case, technology and data, images and tags."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from taggit.utils import edit_string_for_tags, parse_tags

from showcase.models import TITLE_MAX_LENGTH
from showcase.text import remove_invisible_controls

from ..form_display import CONFIDENTIAL, PUBLIC, SUMMARY, FilterableCheckboxes
from ..models import Submission, answer_choices
from .fields import TAG_MAX_LENGTH, TAGS_MAX, choice, page_field, text, yes_no
from .step_form import StepForm

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
