"""What every portal form needs to be shown the GOV.UK way: an error summary linked to the fields,
the message at the field (``aria-describedby``, ``aria-invalid``), and a visibility label per field.

The templates (``templates/portal/includes/``) read what this mixin prepares;
no form renders itself with Django's default ``as_p``/``as_div``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Where an answer may appear: the same codes and labels the review screen shows beside each answer.
from moderation.submission_answers import CONFIDENTIAL, PUBLIC, SUMMARY, VISIBILITY_LABELS

VISIBILITY_HINTS = {
    PUBLIC: _("Published on the case page once the case is approved."),
    SUMMARY: _("What you write here is published; keep the detail for the confidential questions."),
    CONFIDENTIAL: _("Seen only by you, your colleagues, the reviewers and the editors. Never published."),
}

_GROUPED_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """A long list of checkboxes (the countries): a scrollable, labelled list, with a filter box when JavaScript runs.

    Replaces a multi-select, which needs Ctrl/Cmd-click to choose several
    values. The filter (``portal/static/js/filter-choices.js``) only hides
    options; the posted value and its validation are the plain checkboxes'.
    """

    filterable = True

    def __init__(self, *args, filter_label: Any = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: The filter box's label, e.g. "Filter the countries" (the template has a general one).
        self.filter_label = filter_label


@dataclass(frozen=True)
class SummaryError:
    anchor: str
    message: str


class AccessibleFormMixin:
    """Mixed into a ``forms.Form``: ``field_visibility`` maps field names to PUBLIC/SUMMARY/CONFIDENTIAL."""

    field_visibility: dict[str, str] = {}
    #: Fields shown as a group of inputs (fieldset + legend).
    template_name_field = "portal/includes/field.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.visibility = self.field_visibility.get(name, "")
            field.visibility_label = VISIBILITY_LABELS.get(field.visibility, "")
            field.is_group = isinstance(field.widget, _GROUPED_WIDGETS)
            field.is_filterable = getattr(field.widget, "filterable", False)

    def anchor_for(self, name: str) -> str:
        """The id an error-summary link jumps to: the input itself, or the first of a group."""
        if name not in self.fields:
            return "main"
        bound = self[name]
        base = bound.auto_id or f"id_{name}"
        widget = self.fields[name].widget
        if isinstance(widget, _GROUPED_WIDGETS) or isinstance(widget, forms.MultiWidget):
            return f"{base}_0"
        return base

    def summary_errors(self) -> list[SummaryError]:
        """Every error, in field order, with the anchor of its field (non-field errors first)."""
        errors = [SummaryError("main", str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                errors.append(SummaryError(self.anchor_for(name), str(message)))
        return errors

    def prepare_for_display(self) -> None:
        """Link hints and errors to their inputs; call after validation, before rendering."""
        for name, field in self.fields.items():
            bound = self[name]
            if field.is_filterable or (isinstance(field.widget, forms.SelectMultiple) and not field.is_group):
                # A long list hides what is chosen: say it in words.
                chosen = {str(value) for value in (bound.value() or [])}
                field.chosen_labels = [str(label) for value, label in field.choices if str(value) in chosen]
            ids = []
            if field.help_text or field.visibility:
                ids.append(f"{bound.auto_id}-hint")
            if bound.errors:
                ids.append(f"{bound.auto_id}-error")
            if field.is_group:
                field.described_by = " ".join(ids)
                continue
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            if bound.errors:
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
