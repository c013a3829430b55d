"""The base of every step form: it splits the cleaned answers into the page's and the record's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from showcase.taxonomy_choices import StampOnce, offer_remembered
from showcase.text import TypedTextMixin

from ..form_display import AccessibleFormMixin
from ..models import Submission
from ..wizard_messages import name_the_field
from .fields import guard_primary_keys


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
        stamp = StampOnce()  # one read of the catalogue stamp for every taxonomy list the page shows
        for name, field in self.fields.items():
            guard_primary_keys(field)
            name_the_field(name, field)
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "offered_for"):
                current = self.initial.get(name)
                current_pks = [getattr(v, "pk", v) for v in (current if isinstance(current, (list, tuple)) else [current])]
                # Shown from the values kept per catalogue stamp; a posted answer is still checked in the database.
                offer_remembered(field, current_pks, stamp)
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
