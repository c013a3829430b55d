"""A distinctive marker in every confidential answer a submitter types, to find where confidential text goes."""

from __future__ import annotations

from typing import Any


def confidential_text_fields() -> list[str]:
    """Every confidential answer of the wizard that a submitter types (not a choice), in wizard order."""
    from django import forms

    from portal.form_display import CONFIDENTIAL
    from portal.wizard import STEPS

    names = []
    for step in STEPS:
        if step.form_class is None:
            continue
        for name, field in step.form_class().fields.items():
            if field.visibility == CONFIDENTIAL and isinstance(field, forms.CharField):
                names.append(name)
    return names


def marker(name: str) -> str:
    if name == "contact_email":
        return "secret-marker-contact-email@example.invalid"
    return f"SECRET-MARKER-{name.replace('_', '-')}-q7"


def mark_confidential_answers(submission: Any) -> dict[str, str]:
    """Put ``marker(name)`` in every confidential text answer of ``submission``; returns name → marker."""
    markers = {name: marker(name) for name in confidential_text_fields()}
    type(submission).objects.filter(pk=submission.pk).update(**markers)
    submission.refresh_from_db()
    return markers
