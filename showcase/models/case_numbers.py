"""Stable case numbers: a permanent public identifier given at first publication (``AILE-2026-0042``).

The number is the prefix (``settings.CASE_NUMBER_PREFIX``), the year of first
publication and a sequence within that year. One counter row per year is
incremented by an atomic ``UPDATE … SET last = last + 1`` inside the publishing
transaction: concurrent first publications queue on that row, so no two cases
get the same number, and a number once handed out is never handed out again
(a case that is unpublished or deleted keeps or retires its number; the counter
never goes back). ``UseCasePage.case_number`` is unique as a last line of defence.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

#: What a case number looks like (for the resolver: anything else is not looked up at all).
CASE_NUMBER_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,15}-\d{4}-\d{4,9}$")
#: The longest case number accepted or stored.
CASE_NUMBER_MAX_LENGTH = 32


class CaseNumberCounter(models.Model):
    """The last sequence number handed out in one year (one row per year, created on first use)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def case_number_prefix() -> str:
    return str(getattr(settings, "CASE_NUMBER_PREFIX", "AILE") or "AILE").upper()


@transaction.atomic
def next_case_number(year: int) -> str:
    """A new, never used number for a case first published in ``year``."""
    CaseNumberCounter.objects.get_or_create(year=year)  # get_or_create survives a concurrent first creation
    CaseNumberCounter.objects.filter(year=year).update(last=F("last") + 1)  # row lock held until commit
    sequence = CaseNumberCounter.objects.filter(year=year).values_list("last", flat=True).get()
    return f"{case_number_prefix()}-{year}-{sequence:04d}"


def normalise_case_number(text: str) -> str | None:
    """``text`` as a case number (upper case), or None when it cannot be one."""
    candidate = (text or "").strip().upper()
    if len(candidate) > CASE_NUMBER_MAX_LENGTH or not CASE_NUMBER_PATTERN.match(candidate):
        return None
    return candidate
