"""manage.py resend_failed_emails — send again the e-mails to submitters that the mail server refused.

Also picks up messages left "waiting" for more than a few minutes (e.g. the
process stopped between saving and sending). Safe to run from cron; the scheduler runs it
every ``OUTBOX_RETRY_INTERVAL`` seconds. A message refused ``OUTBOX_MAX_ATTEMPTS`` times
(a dead address, not an outage) is left as failed for a person to look at.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from portal.models import OutboxEmail


class Command(BaseCommand):
    help = "Send again the e-mails to submitters that failed (and those stuck waiting)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="At most this many messages per run.")

    def handle(self, *args: Any, **options: Any) -> None:
        stale = timezone.now() - timedelta(minutes=5)
        queryset = (
            OutboxEmail.objects.filter(status=OutboxEmail.FAILED)
            | OutboxEmail.objects.filter(status=OutboxEmail.PENDING, created_at__lt=stale)
        ).filter(attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
        sent = failed = 0
        for email in queryset.order_by("created_at", "pk")[: options["limit"]]:
            if email.deliver():
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"Resent {sent} e-mail(s); {failed} still failing.")
        if failed:
            self.stderr.write("Some e-mails still fail: check the mail server settings and the log.")
