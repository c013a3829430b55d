"""Template tags of the admin's review screens (the approve modal)."""

from __future__ import annotations

from typing import Any

from django import template

from moderation.forms import ApproveForm

register = template.Library()


@register.simple_tag
def approve_form(task_state: Any, form: Any = None) -> ApproveForm:
    """The approve form for ``task_state``: the posted one (with its errors) or a fresh one."""
    if form is not None and getattr(form, "is_bound", False) and isinstance(form, ApproveForm):
        return form
    return ApproveForm(task_state=task_state)
