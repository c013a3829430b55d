"""Deletes the catalogue's query log older than ``SEARCH_QUERY_RETENTION_DAYS`` (idempotent; in SCHEDULED_JOBS).

Daily hits and outcomes before the cut-off go; a query text with no remaining
day and no promoted case goes too (promotions are editors' work and stay).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from showcase.models import QueryOutcome


class Command(BaseCommand):
    help = "Delete catalogue query log rows older than SEARCH_QUERY_RETENTION_DAYS."

    def handle(self, *args, **options) -> None:
        cutoff = timezone.localdate() - timedelta(days=settings.SEARCH_QUERY_RETENTION_DAYS)
        outcomes, _ = QueryOutcome.objects.filter(date__lt=cutoff).delete()
        hits, _ = QueryDailyHits.objects.filter(date__lt=cutoff).delete()
        orphans, _ = Query.objects.filter(daily_hits__isnull=True, editors_picks__isnull=True).delete()
        self.stdout.write(f"Pruned {outcomes} outcomes, {hits} daily hits and {orphans} query texts before {cutoff}.")
