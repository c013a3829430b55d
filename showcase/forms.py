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

https://docs.wagtail.org/en/stable/reference/pages/panels.html#custom-page-forms
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from wagtail.admin.forms import WagtailAdminPageForm

TITLE_MAX_LENGTH = 100


class UseCasePageForm(WagtailAdminPageForm):
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
