"""``{% field_widget %}`` writes every text box and text area exactly as ``{{ field }}`` does (issue 20.4, phase 9).

Every question of every wizard step (unbound, answered, with errors, prepared for display as the page
prepares it), the account forms, and hostile values and attributes for the escaping.
"""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe

from portal import account_forms
from portal import submission as services
from portal.templatetags.field_widgets import field_widget
from portal.wizard import STEPS
from tests import factories
from tests.portal.step_forms import every_step_form, query

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def assert_same(form: forms.Form) -> int:
    if hasattr(form, "prepare_for_display"):
        form.is_bound and form.is_valid()
        form.prepare_for_display()
    written = 0
    for field in form:
        assert str(field_widget(field)) == str(field), field.name
        written += field.field.widget.template_name.endswith(("text.html", "textarea.html", "email.html", "password.html"))
    return written


def test_every_question_of_every_step_is_written_as_django_writes_it():
    item = factories.draft_submission()
    written = sum(assert_same(form) for form in every_step_form(item))
    for step in (step for step in STEPS if step.form_class is not None):
        too_long = {name: "x" * 5000 for name in step.form_class.base_fields}
        written += assert_same(services.form_for(step, item, query(too_long)))
    assert written > 60  # the text questions, answered and not


def test_the_account_forms_are_written_as_django_writes_them():
    forms_ = [account_forms.RegistrationForm(), account_forms.RegistrationForm(data={"email": "bad", "name": "<b>"}),
              account_forms.LoginForm(), account_forms.PasswordResetForm(data={"email": 'a"b'})]
    assert sum(assert_same(form) for form in forms_) >= 6


class Hostile(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"data-on": True, "data-off": False, "data-safe": mark_safe("<b>"),
                                                          "class": 'x"y', "placeholder": "<script>"}))
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    number = forms.DecimalField(localize=True, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    secret = forms.CharField(widget=forms.PasswordInput)
    kept = forms.CharField(show_hidden_initial=True, initial="a", required=False)


def test_hostile_values_and_attributes_are_escaped_as_django_escapes_them():
    data = {"text": '"><script>alert(1)</script>', "area": "</textarea><script>x</script>\n&amp;", "number": "1234.5",
            "day": "2030-01-02", "secret": "hunter2", "kept": "b"}
    for form in (Hostile(), Hostile(data=data), Hostile(data={"area": "", "number": "x"}), Hostile(initial={"area": "0"})):
        form.is_valid()
        for field in form:
            assert str(field_widget(field)) == str(field), field.name
    rendered = str(field_widget(Hostile(data=data)["area"]))
    assert "</textarea><script>" not in rendered and rendered.endswith("</textarea>")
