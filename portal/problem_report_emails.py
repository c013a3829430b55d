"""Telling a reporter that the editors closed their problem report, and why.

Receives ``moderation.signals.problem_report_closed``. The message is written in the
language the report was filed in, into the outbox in the editor's transaction and sent
once it commits, like every e-mail of the portal: a failing mail server loses nothing
(``portal.models.outbox``), and the dedupe key tells each reporter once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from .email_languages import offered_language
from .models import OutboxEmail

KIND = "problem_report_closed"


def tell_reporter(sender: Any, report: Any, **kwargs: Any) -> None:
    language = offered_language(report.language)
    with translation.override(language):
        subject = gettext("Your report about a case in the catalogue")
        body = gettext("Thank you for your report. The editors closed it, for this reason:") + "\n\n" + report.close_reason
        body += "\n\n" + settings.WAGTAIL_SITE_NAME + "\n"
    email, created = OutboxEmail.objects.get_or_create(
        dedupe_key=f"{KIND}:{report.pk}",
        defaults={"kind": KIND, "to": report.contact.strip(), "subject": subject, "body_text": body, "language": language},
    )
    if created:
        transaction.on_commit(lambda: OutboxEmail.objects.get(pk=email.pk).deliver(), robust=True)
