"""The admin editing form of a use case.

Two rules live here rather than on the model:

* A retired taxonomy value (``active=False``) is not offered for a case that
  does not already have it; a case that has it keeps it (and can be re-saved).
  ``limit_choices_to`` would not do: Django also applies it when validating a
  foreign key, which would make old cases unpublishable.
* The model's ``clean`` checks relations (at least one category, at most six
  images) for pages built in code. In the admin form the new values reach the
  instance only after validation, so the form's own required fields and the
  image formset's ``max_num`` check them, and the model skips the check.
* Text safety at the door (``showcase.text``): every typed string of the page
  form and of its inline forms (the images' alt text and caption) loses its
  invisible bidi and zero-width controls, as in the submission wizard.

https://docs.wagtail.org/en/stable/reference/pages/panels.html#custom-page-forms
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.forms import BaseForm, ModelChoiceField, ModelMultipleChoiceField
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .text import TypedTextMixin

TITLE_MAX_LENGTH = 100

def typed_text_form(form_class: type[BaseForm]) -> type[BaseForm]:
    """``form_class`` with ``TypedTextMixin`` in front.

    Not cached: Wagtail builds a new form class (and new formset classes) on every
    request, so a cache keyed on them would only grow.
    """
    if issubclass(form_class, TypedTextMixin):
        return form_class
    return type(form_class)(f"TypedText{form_class.__name__}", (TypedTextMixin, form_class), {})


class TypedTextFormsetsMetaclass(type(WagtailAdminPageForm)):  # type: ignore[misc]
    """Gives the child forms of every inline formset (images, comments) the ``TypedTextMixin`` too.

    Wagtail builds an InlinePanel's child form from its own base class
    (``get_form_for_model``), not from the page form, so the mixin is added to
    the formsets that modelcluster's metaclass has just made for this form class.
    """

    def __new__(mcs, name: str, bases: tuple, attrs: dict[str, Any]):
        new_class = super().__new__(mcs, name, bases, attrs)
        for formset in (getattr(new_class, "formsets", None) or {}).values():
            formset.form = typed_text_form(formset.form)
        return new_class


class TypedTextAdminForm(TypedTextMixin, WagtailAdminModelForm):
    """The admin form of the taxonomy snippets (their ``base_form_class``): names typed by editors."""


class UseCasePageForm(TypedTextMixin, WagtailAdminPageForm, metaclass=TypedTextFormsetsMetaclass):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        title = self.fields.get("title")
        if title is not None:
            title.max_length = TITLE_MAX_LENGTH
            title.validators.append(MaxLengthValidator(TITLE_MAX_LENGTH))
            title.widget.attrs["maxlength"] = str(TITLE_MAX_LENGTH)
        for name, field in self.fields.items():
            if isinstance(field, (ModelChoiceField, ModelMultipleChoiceField)) and hasattr(
                field.queryset, "offered_for"
            ):
                field.queryset = field.queryset.offered_for(self._current_pks(name, field))

    def _clean_fields(self) -> None:
        super()._clean_fields()
        tags = self.cleaned_data.get("tags")
        if isinstance(tags, list):  # a tag of invisible characters only is no tag
            self.cleaned_data["tags"] = [tag for tag in tags if not isinstance(tag, str) or tag.strip()]

    def _current_pks(self, name: str, field) -> list:
        if isinstance(field, ModelMultipleChoiceField):
            return [obj.pk for obj in getattr(self.instance, name).all()]
        return [getattr(self.instance, f"{name}_id", None)]

    def _post_clean(self) -> None:
        self.instance._relations_checked_by_form = True
        try:
            super()._post_clean()
        finally:
            del self.instance._relations_checked_by_form
