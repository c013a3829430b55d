"""Re-validation of published cases: the review-due date, confirming "still accurate", retiring a case.

The dates live on the live ``UseCasePage`` (``review_due``, ``last_confirmed``,
``review_months``) and are carried over when a revision is published
(``UseCasePage.with_content_json``), so they change only here: when a case is
first published (the signal below), when a review publishes it with an interval
(``set_review_interval``, called by moderation), and when its organisation
confirms it (``confirm_still_accurate``, called by the portal). Every change is
written to Wagtail's audit log and re-indexes the case (the facet reads the date).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from wagtail.log_actions import log

from .models import UseCasePage
from .review_dates import due_after, today
from .search import sync
from .taxonomies import DeploymentStage

RETIRED_STAGE = "retired"


def _store(page: UseCasePage, **values: Any) -> None:
    UseCasePage.objects.filter(pk=page.pk).update(**values)
    for name, value in values.items():
        setattr(page, name, value)
    sync.schedule([page.pk])


def start_review_clock(page: UseCasePage) -> None:
    """A case published without a review date gets the default one, counted from its first publication."""
    if page.review_due is not None or not page.live:
        return
    published = (page.first_published_at.date() if page.first_published_at else today())
    _store(page, review_due=due_after(published, page.review_months), last_confirmed=published)


def on_case_published(sender: Any, instance: UseCasePage, **kwargs: Any) -> None:
    start_review_clock(instance)


def set_review_interval(page: UseCasePage, months: int | None, user: Any = None) -> date:
    """A review published the case: the next review is due ``months`` (default: the setting) from today."""
    confirmed = today()
    due = due_after(confirmed, months)
    _store(page, review_due=due, last_confirmed=confirmed, review_months=months or None)
    log(instance=page, action="showcase.review_due", user=user, data={"review_due": due.isoformat()})
    return due


def confirm_still_accurate(page: UseCasePage, user: Any) -> date:
    """The organisation confirmed the case is still accurate: the clock starts again from today."""
    confirmed = today()
    due = due_after(confirmed, page.review_months)
    _store(page, review_due=due, last_confirmed=confirmed)
    log(instance=page, action="showcase.confirm_accurate", user=user, data={"review_due": due.isoformat()})
    return due


def retire_case(page: UseCasePage, note: str, user: Any) -> None:
    """Mark a live case retired (stage "retired", a note on why): a new published revision, so it stays citable."""
    stage = DeploymentStage.objects.get(slug=RETIRED_STAGE)
    live = UseCasePage.objects.get(pk=page.pk)
    live.deployment_stage = stage
    live.retired_note = note.strip()
    with transaction.atomic():
        revision = live.save_revision(user=user, log_action=False, clean=False)
        revision.publish(user=user, skip_permission_checks=True)
    log(instance=live, action="showcase.retire", user=user, data={"revision": revision.pk})


def due_for_revalidation(on: date | None = None):
    """Live cases whose review date has passed, the longest overdue first (the editors' list)."""
    return UseCasePage.objects.live().filter(review_due__lt=on or today()).order_by("review_due", "pk")
