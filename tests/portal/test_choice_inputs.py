"""``{% choice_input %}`` writes each radio or checkbox option exactly as Django's ``choice.tag()`` does (issue 20);
``{% choice_options %}`` writes a whole list exactly as the template loop it replaced did (issue 20.4).

Every option of every wizard step, unbound, bound with valid answers and bound with errors; and a
form of hostile choices (quotes, markup, ``True``/``False``/safe attributes) for the escaping.
"""

from __future__ import annotations

import pytest
from django import forms
from django.template import engines
from django.utils.safestring import mark_safe

from portal.templatetags.choice_inputs import choice_input
from tests import factories
from tests.portal.step_forms import every_step_form

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def assert_same(form: forms.Form) -> int:
    found = 0
    for field in form:
        if not hasattr(field.field.widget, "optgroups"):
            continue
        for choice in field:
            assert str(choice_input(choice)) == str(choice.tag()), (field.name, choice.data)
            found += 1
    return found


def test_every_option_of_every_step_is_written_as_django_writes_it():
    compared = sum(assert_same(form) for form in every_step_form(factories.draft_submission()))
    assert compared > 100  # the taxonomy lists, yes/no questions and visibility choices


class Hostile(forms.Form):
    pick = forms.ChoiceField(
        choices=[('a"b', "Quote"), ("<script>", "Markup"), ("&amp;", "Entity"), ("", "Empty")],
        widget=forms.RadioSelect(attrs={"data-on": True, "data-off": False, "data-safe": mark_safe("<b>"), "class": 'x"y'}),
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two")], widget=forms.CheckboxSelectMultiple)


def test_hostile_values_and_attributes_are_escaped_as_django_escapes_them():
    for form in (Hostile(), Hostile(data={"pick": "<script>", "many": ["2"]}), Hostile(data={"pick": "nope"})):
        form.is_valid()
        assert assert_same(form) == 6
    rendered = str(choice_input(list(Hostile()["pick"])[1]))
    assert 'value="&lt;script&gt;"' in rendered and "<script>" not in rendered


def test_an_option_with_its_own_template_is_rendered_by_it():
    class Custom(forms.RadioSelect):
        option_template_name = "django/forms/widgets/input.html"

    field = forms.Form()
    field.fields["pick"] = forms.ChoiceField(choices=[("a", "A")], widget=Custom)
    choice = list(field["pick"])[0]
    assert str(choice_input(choice)) == str(choice.tag())


#: The loops ``choice_options`` replaced in ``field.html`` and ``filterable_choices.html``, and the tag in their place.
LOOPS = {
    "plain": (
        '{% load choice_inputs %}<div>\n      {% for choice in field %}\n        <div class="choice">{% choice_input choice %}'
        '<label for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label></div>\n      {% endfor %}\n    </div>',
        "{% load choice_inputs %}<div>\n      {% choice_options field 8 %}\n    </div>",
    ),
    "filterable": (
        '{% load choice_inputs %}<div>\n    {% for choice in field %}\n      <div class="choice" data-filter-option>'
        '{% choice_input choice %}<label for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label></div>\n'
        "    {% endfor %}\n  </div>",
        "{% load choice_inputs %}<div>\n    {% choice_options field 6 filterable=True %}\n  </div>",
    ),
}


def assert_same_lists(form: forms.Form) -> int:
    engine = engines["django"]
    found = 0
    for field in form:
        if not hasattr(field.field.widget, "optgroups"):
            continue
        for loop, tag in LOOPS.values():
            expected = engine.from_string(loop).render({"field": field})
            assert engine.from_string(tag).render({"field": field}) == expected, field.name
        found += 1
    return found


def test_every_list_of_every_step_is_written_as_the_template_loop_wrote_it():
    compared = sum(assert_same_lists(form) for form in every_step_form(factories.draft_submission()))
    assert compared > 30


def test_hostile_labels_in_a_list_are_escaped_as_the_loop_escaped_them():
    class Labels(forms.Form):
        pick = forms.ChoiceField(choices=[("<b>", '<script>alert("x")</script>'), ("ok", mark_safe("<em>safe</em>"))],
                                 widget=forms.RadioSelect(attrs={"id": 'a"b'}))
        empty = forms.MultipleChoiceField(choices=[], widget=forms.CheckboxSelectMultiple, required=False)

    for form in (Labels(), Labels(data={"pick": "<b>"})):
        assert assert_same_lists(form) == 2
    rendered = engines["django"].from_string(LOOPS["plain"][1]).render({"field": Labels()["pick"]})
    assert "<script>" not in rendered and "<em>safe</em>" in rendered
