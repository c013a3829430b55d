"""Every wizard step's form in the states a step page shows it: unanswered, answered (valid), refused (with errors)."""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.http import QueryDict

from portal import submission as services
from portal.wizard import STEPS
from tests import factories


def query(data: dict) -> QueryDict:
    result = QueryDict(mutable=True)
    for name, value in data.items():
        result.setlist(name, value if isinstance(value, list) else [value])
    return result


def every_step_form(item) -> Iterator[forms.Form]:  # noqa: ANN001 (a draft submission)
    """For each step with a form: unbound, bound with the factory's valid answers, bound with errors."""
    for step in (step for step in STEPS if step.form_class is not None):
        yield services.form_for(step, item)
        valid = services.form_for(step, item, query(factories.step_data(step.slug)))
        assert valid.is_valid(), valid.errors
        yield valid
        invalid = services.form_for(step, item, query({"action": "continue"}))
        invalid.is_valid()
        yield invalid
