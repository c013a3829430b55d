"""The editors' "Due for re-validation" list in Wagtail's admin (Reports menu).

Live cases past their review-due day (the longest overdue first), then those due
in the next 30 days: the editors can chase an organisation that has not answered
its reminders. Names only the public content of each case.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import UseCasePage
from .review_dates import today
from .revalidation import due_for_revalidation

SOON_DAYS = 30


def due_list(request: HttpRequest) -> HttpResponse:
    on = today()
    overdue = list(due_for_revalidation(on).select_related("deployment_stage")[:500])
    soon = list(
        UseCasePage.objects.live().filter(review_due__gte=on, review_due__lte=on + timedelta(days=SOON_DAYS))
        .order_by("review_due", "pk")[:500]
    )
    for page in overdue:
        page.days_overdue = (on - page.review_due).days
    return render(request, "showcase/admin/revalidation_due.html", {"overdue": overdue, "soon": soon, "today": on})
