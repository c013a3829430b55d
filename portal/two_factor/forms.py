"""The one field two-factor pages ask for: a code (from the authenticator app, or a recovery code)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from showcase.text import TypedTextMixin

from ..form_display import AccessibleFormMixin


class CodeForm(TypedTextMixin, AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The six digits your app shows now."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )

    def clean_code(self) -> str:
        # People type codes with spaces ("123 456"), as apps show them.
        return "".join(self.cleaned_data["code"].split())


class RecoveryCodeForm(CodeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Recovery code")
        self.fields["code"].help_text = _("One of the codes you were given when you set up two-factor sign-in. Each works once.")
        self.fields["code"].widget.attrs.update({"inputmode": "text", "autocomplete": "off"})
