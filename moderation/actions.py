"""The names of the actions both review tasks offer (Wagtail's ``Task.get_actions``), and the refusal of one.

A leaf module: the task models, their forms, the review screen and the tests
all name the actions, and none of them needs the others to do so.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

APPROVE = "approve"
REQUEST_CHANGES = "request_changes"
DECLINE = "decline"
WITHHOLD = "withhold"  # reviewed and approvable, but not published (issue 15: counted, never named)
#: Why a reviewed case is withheld; only the counts per reason are public (the statistics page).
WITHHOLD_REASON_CHOICES = [
    ("operational_security", _("Operational security")),
    ("legal_restriction", _("Legal restriction")),
    ("other", _("Other")),
]


class DecisionRefused(PermissionDenied):
    """The data does not allow the decision (e.g. an incomplete assessment posted around the form)."""

    def __init__(self, errors: Any) -> None:
        super().__init__(str(errors))
        self.errors = errors
