"""The submitter's answers as rows to read back ("Check your answers", the submission page).

Values are returned as plain strings; templates escape them like any text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Submission
from .wizard import STEPS, Step

#: Fields of the media step that are actions, not stored answers.
NOT_ANSWERS = frozenset({"image", "alt_text", "caption"})


@dataclass(frozen=True)
class AnswerRow:
    name: str
    label: str
    value: str
    visibility: str
    visibility_label: str
    anchor: str


@dataclass(frozen=True)
class StepAnswers:
    step: Step
    rows: list[AnswerRow]


def display_value(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], ()):
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = [getattr(v, "pk", v) for v in value]
        return ", ".join(str(obj) for obj in field.queryset.model.objects.filter(pk__in=pks))
    if isinstance(field, forms.ModelChoiceField):
        obj = field.queryset.model.objects.filter(pk=getattr(value, "pk", value)).first()
        return str(obj) if obj else ""
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, (forms.MultipleChoiceField, forms.ChoiceField)):
        labels = {str(key): str(label) for key, label in field.choices}
        values = value if isinstance(value, (list, tuple)) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def step_answers(submission: Submission) -> list[StepAnswers]:
    from .submission import form_for, stored_answers

    result = []
    answers = stored_answers(submission)
    for step in STEPS:
        if step.form_class is None:
            continue
        form = form_for(step, submission, answers=answers)
        rows = []
        for name, field in form.fields.items():
            if name in NOT_ANSWERS:
                continue
            rows.append(
                AnswerRow(
                    name=name,
                    label=str(field.label),
                    value=display_value(field, form[name].value()),
                    visibility=field.visibility,
                    visibility_label=str(field.visibility_label),
                    anchor=form.anchor_for(name),
                )
            )
        result.append(StepAnswers(step, rows))
    return result
