"""Saved catalogue searches with e-mail alerts (issue 17.1), and the record of what each digest carried.

``SavedSearch`` keeps a person's search as the catalogue's own normalised query string
(``q`` and facet keys only, see ``portal.alerts.searches``), how often they want news
of it, and the bookkeeping of the digests: ``covered_until`` (cases published or updated
after it are new) and ``last_period`` (the daily or weekly period last handled).

``AlertDelivery`` is one row per (person, case, period) that went into a digest. Its
unique constraint, written in the same transaction as the digest's outbox message, is
what makes "nothing sent twice" hold across reruns and crashes (``portal.alerts.digests``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("person")
    )
    query_string = models.CharField(_("search"), max_length=2000, blank=True)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    #: Cases published or updated after this moment are news for the next digest.
    covered_until = models.DateTimeField(_("covered until"), default=timezone.now)
    #: The period (``2026-12-06`` daily, ``2026-W49`` weekly) whose digest was last handled.
    last_period = models.CharField(_("last period"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("search alert")
        verbose_name_plural = _("search alerts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "query_string"], name="portal_savedsearch_one_per_search"),
        ]

    def __str__(self) -> str:
        return f"{self.query_string or '(all cases)'} ({self.frequency})"


class AlertDelivery(models.Model):
    """A case that went into a person's digest of one day (the period of the digest)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page_id = models.PositiveIntegerField()
    period = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page_id", "period"], name="portal_alertdelivery_once"),
        ]
