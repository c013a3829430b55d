"""``{% field_widget field %}``: a text box or text area, exactly as ``{{ field }}`` writes it, without its templates.

``{{ field }}`` renders Django's widget templates through the form renderer (``text.html`` includes
``input.html``, which includes ``attrs.html``; ``textarea.html`` includes ``attrs.html``): on a wizard
step with a handful of text questions those renders were a tenth of the page's CPU (issue 20.4,
phase 9). This tag builds the same widget context Django builds (``BoundField.as_widget``'s attributes,
``Widget.get_context``) and writes the markup those templates write, with their escaping. Any other
widget, or a field that shows its hidden initial value, is rendered by Django as before (``str(field)``).
``tests/portal/test_field_widgets.py`` compares the two for every question of every portal form.
"""

from __future__ import annotations

from django import template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .choice_inputs import input_markup

register = template.Library()

#: Widget templates that only include ``input.html`` (``django/forms/templates/django/forms/widgets/``).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html" for name in ("text", "email", "url", "number", "password", "date", "input")
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


@register.simple_tag
def field_widget(field: BoundField) -> SafeString:
    """``str(field)`` for a text input or text area, written directly; anything else through Django."""
    widget = field.field.widget
    if field.field.show_hidden_initial or widget.template_name not in INPUT_TEMPLATES | {TEXTAREA_TEMPLATE}:
        return mark_safe(str(field))
    # As BoundField.as_widget prepares the widget's render.
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    data = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if widget.template_name != TEXTAREA_TEMPLATE:
        return input_markup(data)
    # textarea.html: the value on a line of its own, only when there is one.
    opening = input_markup(data, tag="textarea")
    value = conditional_escape(data["value"]) if data["value"] else ""
    return mark_safe(f"{opening}\n{value}</textarea>")
