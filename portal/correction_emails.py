"""Telling the submitter's organisation that an editor published a correction on their case.

Receives ``moderation.signals.case_corrected``; each confirmed member (the
submitter alone when there is none) gets the note in their own language,
queued in the outbox like every e-mail to submitters.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _

from .email_languages import offered_language
from .models import OutboxEmail, Submission
from .revalidation import recipients
from .submitter_emails import site_url

KIND = "case_corrected"
SUBJECT = _("A correction was published on your use case “%(title)s”")


def tell_organisation(sender: Any, page: Any, correction: str, **kwargs: Any) -> None:
    submission = Submission.objects.filter(page_id=page.pk).select_related("submitter").first()
    if submission is None:
        return
    for member in recipients(submission):
        language = offered_language(member.language, submission.language)
        with translation.override(language):
            values = {
                "name": member.get_full_name() or member.email, "title": page.title, "correction": correction,
                "public_url": page.get_full_url() or "",
                "submission_url": site_url(reverse("submissions:detail", args=[submission.pk])),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            subject = " ".join((gettext(SUBJECT) % {"title": page.title}).split())[:240]
            email = OutboxEmail.objects.create(
                submission=submission, kind=KIND, to=member.email, subject=subject, language=language,
                body_text=render_to_string(f"emails/{KIND}.txt", values),
                body_html=render_to_string(f"emails/{KIND}.html", values),
            )
        transaction.on_commit(lambda pk=email.pk: OutboxEmail.objects.get(pk=pk).deliver(), robust=True)
