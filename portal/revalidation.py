"""Reminding an organisation to re-validate its published case, and who may confirm it or retire it.

``send_reminders`` (the daily ``send_revalidation_reminders`` command) e-mails every
confirmed member of the submitter's organisation (the submitter alone when the
organisation has no other confirmed member) 30 and 7 days before the case's
review-due day, each member in their own language. Each reminder is recorded in the
outbox under a key naming the case, the due day, the reminder and the person, so a
rerun the same day, or the next, sends nothing twice; a renewed due day starts a new
pair of reminders.

The e-mail links to a signed confirmation address (``confirm_token``): opening it
asks a signed-in member of the organisation to press one button (POST), so a mail
scanner that follows links confirms nothing. The dates themselves are showcase's
(``showcase.revalidation``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _

from showcase.models import UseCasePage
from showcase.review_dates import today
from showcase.revalidation import start_review_clock

from .email_languages import offered_language
from .membership import confirmed_members
from .models import OutboxEmail, Submission, User
from .submitter_emails import site_url

#: Days before the review-due day that a reminder goes out, the earliest first.
REMINDER_DAYS = (30, 7)
REMINDER = "revalidation_reminder"
SUBJECT = _("Is your use case “%(title)s” still accurate?")
TOKEN_SALT = "portal.revalidation.confirm"
#: A confirmation link works for this long (past the due day, until the next reminder cycle).
TOKEN_MAX_AGE = 90 * 24 * 3600


def confirm_token(page_id: int) -> str:
    return signing.dumps({"page": page_id}, salt=TOKEN_SALT)


def page_id_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)["page"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def recipients(submission: Submission) -> list[User]:
    members = list(confirmed_members(submission.organisation_id)) if submission.organisation_id else []
    # A submitter who deleted their account has no address any more (portal/account_erasure.py).
    return members or ([submission.submitter] if submission.submitter.erased_at is None else [])


def may_confirm(user: Any, submission: Submission) -> bool:
    """The submitter, or a confirmed member of their organisation."""
    if not user.is_authenticated:
        return False
    if submission.submitter_id == user.pk:
        return True
    return bool(submission.organisation_id) and confirmed_members(submission.organisation_id).filter(pk=user.pk).exists()


def reminder_due(review_due: date, on: date) -> int | None:
    """Which reminder is due on ``on`` (30 or 7), the latest one whose day has come; None before the first or after the due day."""
    days_left = (review_due - on).days
    if days_left < 0:
        return None
    due = [days for days in REMINDER_DAYS if days_left <= days]
    return due[-1] if due else None


def _email(submission: Submission, page: UseCasePage, member: User, days: int) -> tuple[str, str, str, str]:
    language = offered_language(member.language, submission.language)
    with translation.override(language):
        values = {
            "name": member.get_full_name() or member.email,
            "title": page.title,
            "days": days,
            "review_due": page.review_due,
            "public_url": page.get_full_url() or "",
            "confirm_url": site_url(reverse("submissions:confirm_accurate", args=[confirm_token(page.pk)])),
            "update_url": site_url(reverse("submissions:detail", args=[submission.pk])),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = " ".join((gettext(SUBJECT) % {"title": page.title}).split())[:240]
        text = render_to_string(f"emails/{REMINDER}.txt", values)
        html = render_to_string(f"emails/{REMINDER}.html", values)
    return subject, text, html, language


def _queue(submission: Submission, page: UseCasePage, member: User, days: int) -> bool:
    key = f"revalidation:{page.pk}:{page.review_due.isoformat()}:{days}:{member.pk}"
    if OutboxEmail.objects.filter(dedupe_key=key).exists():
        return False
    subject, text, html, language = _email(submission, page, member, days)
    try:
        with transaction.atomic():
            email = OutboxEmail.objects.create(
                submission=submission, kind=REMINDER, to=member.email, subject=subject, body_text=text,
                body_html=html, language=language, dedupe_key=key,
            )
    except IntegrityError:  # the same reminder, queued concurrently
        return False
    transaction.on_commit(lambda: OutboxEmail.objects.get(pk=email.pk).deliver(), robust=True)
    return True


def send_reminders(on: date | None = None) -> int:
    """Queue today's reminders; return how many e-mails were queued (0 on a rerun)."""
    on = on or today()
    queued = 0
    for page in UseCasePage.objects.live().filter(review_due__isnull=True):
        start_review_clock(page)  # cases published before re-validation existed
    cases = UseCasePage.objects.live().filter(review_due__gte=on, submission__isnull=False)
    for page in cases.select_related("submission", "submission__submitter"):
        days = reminder_due(page.review_due, on)
        if days is None:
            continue
        submission = page.submission
        for member in recipients(submission):
            queued += _queue(submission, page, member, days)
    return queued
