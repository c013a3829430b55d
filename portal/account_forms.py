"""Forms of the account pages: registration (with a honeypot), choosing a password at the e-mailed link,
log-in, password reset and change. Every one removes invisible controls from what is typed
(``TypedTextMixin``; passwords are left exactly as typed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from showcase.taxonomies import OrganisationType
from showcase.text import TypedTextMixin

from .form_display import AccessibleFormMixin
from .models import NormalisedEmailFormField, User, normalise_email

#: The honeypot's name: plausible to a bot, hidden from people (CSS) and from assistive technology.
HONEYPOT = "website"


class RegistrationForm(TypedTextMixin, AccessibleFormMixin, forms.Form):
    """No password here: the person who opens the e-mailed link chooses it (``portal.accounts``)."""

    name = forms.CharField(label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = NormalisedEmailFormField(
        label=_("E-mail address"),
        help_text=_(
            "Use your work address. Colleagues at the same organisation and address domain will be asked "
            "to confirm you before you can read their submissions."
        ),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    organisation_type = forms.ModelChoiceField(
        label=_("Organisation type"), queryset=OrganisationType.objects.active(), widget=forms.RadioSelect, empty_label=None
    )
    country = forms.ChoiceField(label=_("Country of the organisation"), choices=[])
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country"))] + list(countries)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class ChoosePasswordForm(TypedTextMixin, AccessibleFormMixin, forms.Form):
    """The page behind the e-mailed link: the mailbox holder's password, checked by Django's validators."""

    password1 = forms.CharField(
        label=_("Password"),
        help_text=_("At least 10 characters; not a common password."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, email: str = "", name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.probe = User(email=email, first_name=name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                validate_password(first, self.probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(TypedTextMixin, AccessibleFormMixin, auth_forms.AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.error_messages["invalid_login"] = _("The e-mail address or the password is not right.")


class PasswordResetForm(TypedTextMixin, AccessibleFormMixin, auth_forms.PasswordResetForm):
    email = NormalisedEmailFormField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email: str) -> Any:
        """Django's looks up ``email__iexact``: on PostgreSQL that folds "ı" into "I". Ours compares exactly."""
        return (
            user
            for user in User._default_manager.filter(email=normalise_email(email), is_active=True)
            if user.has_usable_password()
        )

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        """In the account's own language (its link too), else the language of the page the request came from."""
        context = kwargs.get("context", args[2] if len(args) > 2 else {})
        user = context.get("user")
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(*args, **kwargs)


class SetPasswordForm(TypedTextMixin, AccessibleFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(TypedTextMixin, AccessibleFormMixin, auth_forms.PasswordChangeForm):
    pass
