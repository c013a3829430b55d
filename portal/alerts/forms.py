"""The forms of the search alerts: how often (new alert, change), with the search text typed earlier."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from showcase.search.request import MAX_QUERY_LENGTH
from showcase.text import TypedTextMixin

from ..models import Frequency

#: The fields of the form itself; every other key of the POST is a search parameter.
FORM_KEYS = frozenset({"csrfmiddlewaretoken", "frequency"})


class FrequencyForm(TypedTextMixin, forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )


class NewAlertForm(FrequencyForm):
    """The search comes with it as the catalogue's own parameters (hidden fields); ``q`` is text people typed."""

    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH)
