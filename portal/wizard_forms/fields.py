"""The building blocks of the wizard's questions: fields made from the models, and the answers' limits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from showcase.models import UseCasePage

from ..models import answer_choices

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
