"""Review-due dates of published cases: pure date arithmetic, no models (the page model uses it).

A published case is confirmed by its organisation at least every
``CASE_REVIEW_MONTHS`` months (a reviewer may choose fewer for a high-risk
case). Past the due date the catalogue says the case "may be out of date".
Today is ``timezone.localdate()``, so tests can freeze the clock.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.utils import timezone

#: The catalogue facet's values (``/cases/?review=out-of-date``).
OUT_OF_DATE = "out-of-date"
CURRENT = "current"
REVIEW_VALUES = (CURRENT, OUT_OF_DATE)
#: The shorter intervals a reviewer may choose for a high-risk case (months).
SHORTER_INTERVALS = (6, 3)


def default_months() -> int:
    return int(getattr(settings, "CASE_REVIEW_MONTHS", 12))


def today() -> date:
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter: 31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_after(day: date, months: int | None) -> date:
    return add_months(day, months or default_months())


def is_out_of_date(review_due: date | None, on: date | None = None) -> bool:
    """Past the due date: the day after it and later."""
    return review_due is not None and (on or today()) > review_due
