"""Send queued outbox e-mails in the background, so a bulk decision never waits for a mail server."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from ..models import OutboxEmail


@task()
def deliver_outbox_emails(dedupe_keys: list[str]) -> int:
    """Send the still-pending e-mails among ``dedupe_keys``; returns how many were sent."""
    sent = 0
    for email in OutboxEmail.objects.filter(dedupe_key__in=dedupe_keys, status=OutboxEmail.PENDING):
        sent += email.deliver()
    return sent


def deliver_after_commit(dedupe_keys: list[str]) -> None:
    """Queue their delivery once the decision is stored (a failed enqueue leaves them for ``resend``)."""
    if dedupe_keys:
        transaction.on_commit(lambda: deliver_outbox_emails.enqueue(list(dedupe_keys)), robust=True)
