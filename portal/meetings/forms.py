"""The "Register for the meeting" form, and the organisers' decision and import forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from showcase.taxonomies import OrganisationType
from showcase.text import TypedTextMixin

from ..form_display import AccessibleFormMixin
from ..models import MeetingRegistration, RegistrationStatus
from .meeting_dates import session_choices


class MeetingRegistrationForm(TypedTextMixin, AccessibleFormMixin, forms.ModelForm):
    """Who the person is at the meeting; their name and e-mail come from their (verified) account."""

    organisation_type = forms.ModelChoiceField(
        label=_("Organisation type"), queryset=OrganisationType.objects.active(), widget=forms.RadioSelect,
        empty_label=None,
    )
    country = forms.ChoiceField(label=_("Country of your organisation"), choices=[])
    sessions_of_interest = forms.MultipleChoiceField(
        label=_("Sessions you want to attend"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: it helps the organisers plan. You may attend any session."),
    )

    class Meta:
        model = MeetingRegistration
        fields = ["role", "organisation", "organisation_type", "country", "sessions_of_interest", "accessibility_needs"]
        labels = {
            "role": _("Your role or job title"),
            "organisation": _("Organisation"),
            "accessibility_needs": _("Accessibility needs (optional)"),
        }
        help_texts = {
            "accessibility_needs": _("For example captions, sign language or a screen reader. Seen only by the organisers."),
        }
        widgets = {
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country"))] + list(countries)
        self.fields["sessions_of_interest"].choices = session_choices(meeting)
        if not self.fields["sessions_of_interest"].choices:
            del self.fields["sessions_of_interest"]

    def clean_sessions_of_interest(self) -> list[int]:
        return [int(value) for value in self.cleaned_data.get("sessions_of_interest", [])]


class RegistrationIdsField(forms.Field):
    """The ticked registrations' ids (checkboxes named ``registrations``); the view keeps those of its meeting."""

    widget = forms.MultipleHiddenInput
    MAX = 2000

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, (list, tuple)) else [value] if value else []
        if len(values) > self.MAX:
            raise forms.ValidationError(_("Choose at most %(count)d registrations at once.") % {"count": self.MAX})
        try:
            return sorted({int(item) for item in values})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose registrations from the list.")) from None


class DecisionForm(TypedTextMixin, forms.Form):
    """Approve or decline the ticked registrations, with one reason for them all."""

    APPROVE, DECLINE = "approve", "decline"
    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (DECLINE, _("Decline"))])
    registrations = RegistrationIdsField(required=False)
    #: "Every registration on this page": the page's ids travel as hidden fields (no script needed).
    all_on_page = forms.BooleanField(label=_("Every registration shown on this page"), required=False)
    page_registrations = RegistrationIdsField(required=False)
    reason = forms.CharField(label=_("Reason (sent to the people declined)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("all_on_page"):
            cleaned["registrations"] = cleaned.get("page_registrations") or []
        if not cleaned.get("registrations") and "registrations" not in self.errors:
            self.add_error("registrations", _("Tick at least one registration."))
        if cleaned.get("action") == self.DECLINE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason when you decline: it is sent to the person."))
        return cleaned


class InvitationImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of pre-approved participants"),
        help_text=_("UTF-8, first line: email,name,organisation. At most 5,000 rows and 1 MB."),
    )


class ListingFilterForm(forms.Form):
    """The listing's filters (GET); an unknown value is an error shown beside the filter, never a crash."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    organisation_type = forms.ModelChoiceField(
        label=_("Organisation type"), queryset=OrganisationType.objects.all(), required=False,
        empty_label=_("All"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    per_page = forms.TypedChoiceField(label=_("Per page"), coerce=int, required=False,
                                      choices=[(n, n) for n in (50, 100, 500)], empty_value=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(RegistrationStatus.choices)
        self.fields["country"].choices = [("", _("All"))] + list(countries)

    def filters(self) -> dict[str, Any]:
        """The valid filters as queryset look-ups (invalid ones are dropped)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        lookups = {"status": data.get("status"), "organisation_type": data.get("organisation_type"),
                   "country": data.get("country")}
        return {name: value for name, value in lookups.items() if value}
