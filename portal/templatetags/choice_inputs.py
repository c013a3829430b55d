"""``{% choice_input choice %}``: one option's ``<input>`` of a radio or checkbox list, as ``{{ choice.tag }}``
writes it;
``{% choice_options field indent %}``: every option of a list, as the template loop around ``choice_input`` wrote them.

Django renders each option through three nested templates (``checkbox_option.html`` includes
``input_option.html``, which includes ``input.html`` and ``attrs.html``); a wizard step with its
taxonomy lists has some fifty options, and those template renders were a quarter of the step's
CPU time. This tag writes the same markup directly. Only options that use Django's own option
templates take this path; any other option template is rendered as before (``choice.tag()``).
``tests/portal/test_choice_inputs.py`` compares the two outputs for every option of every step.

The loop around it (``<div class="choice">``, the input, its ``<label>``) was still four template nodes per
option, a third of a wizard step page's CPU (issue 20.4, phase 9): ``choice_options`` writes the same
lines, whitespace included (the page stays byte-identical), with the same escaping as ``{{ }}``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.forms.boundfield import BoundField, BoundWidget
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()

#: The option templates whose markup ``choice_input`` writes (``django/forms/templates/django/forms/widgets/``).
DJANGO_OPTION_TEMPLATES = frozenset(
    {"django/forms/widgets/checkbox_option.html", "django/forms/widgets/radio_option.html"}
)


def _as_string(value: Any) -> Any:
    """``value|stringformat:'s'``: ``%s``, keeping a safe string safe."""
    return value if isinstance(value, SafeData) else "%s" % value


@register.simple_tag
def choice_input(choice: BoundWidget) -> SafeString:
    """The option's ``<input>`` (no wrapping label), exactly as ``choice.tag()`` renders it."""
    if choice.template_name not in DJANGO_OPTION_TEMPLATES:
        return choice.tag()
    return input_markup(choice.data)


def input_markup(widget: dict[str, Any], tag: str = "input") -> SafeString:
    """``input.html`` (with ``attrs.html``) for a widget's context.

    ``tag="textarea"``: the opening tag of ``textarea.html`` (its name and attributes, no value).
    """
    if tag == "textarea":
        parts = [format_html('<textarea name="{}"', widget["name"])]
    else:
        parts = [format_html('<input type="{}" name="{}"', widget["type"], widget["name"])]
    if tag == "input" and widget["value"] is not None:
        parts.append(format_html(' value="{}"', _as_string(widget["value"])))
    for name, value in widget["attrs"].items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, _as_string(value)))
    return mark_safe("".join(parts) + ">")


@register.simple_tag(takes_context=True)
def choice_options(context: Context, field: BoundField, indent: int, filterable: bool = False) -> SafeString:
    """What ``{% for choice in field %}`` + one ``<div class="choice">`` line per option wrote, indented by ``indent``.

    Each option: a new line, ``indent`` spaces, ``<div class="choice">`` (``data-filter-option`` in a filterable
    list), its input, ``<label for="...">label</label></div>``, then the loop's closing line (``indent - 2``
    spaces), exactly the text between the ``{% for %}`` and ``{% endfor %}`` this tag replaces.
    """
    div = '<div class="choice" data-filter-option>' if filterable else '<div class="choice">'
    opening = "\n" + " " * indent + div
    closing = "</div>\n" + " " * (indent - 2)
    lines = [
        f'{opening}{choice_input(choice)}<label for="{render_value_in_context(choice.id_for_label, context)}">'
        f"{render_value_in_context(choice.choice_label, context)}</label>{closing}"
        for choice in field
    ]
    return mark_safe("".join(lines))
