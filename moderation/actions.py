"""The names of the actions both review tasks offer (Wagtail's ``Task.get_actions``), and the refusal of one.

A leaf module: the task models, their forms, the review screen and the tests
all name the actions, and none of them needs the others to do so.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

APPROVE = "approve"
REQUEST_CHANGES = "request_changes"
DECLINE = "decline"


class DecisionRefused(PermissionDenied):
    """The data does not allow the decision (e.g. an incomplete assessment posted around the form)."""

    def __init__(self, errors: Any) -> None:
        super().__init__(str(errors))
        self.errors = errors
