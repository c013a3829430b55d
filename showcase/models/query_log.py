"""What people searched the catalogue for, per day: no user, address or session, ever.

Wagtail's ``search_promotions`` keeps the text (``Query``, normalised: lower case,
single spaces) and how often it was asked per day (``QueryDailyHits``); this adds,
per query, day and set of filters, how many searches found nothing and how many
result pages led to an opened case — what the editors' report needs. Rows older
than ``SEARCH_QUERY_RETENTION_DAYS`` are pruned (``manage.py prune_search_queries``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query


class QueryOutcome(models.Model):
    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="catalogue_outcomes")
    date = models.DateField(_("date"))
    filters = models.CharField(_("filters"), max_length=255, blank=True)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)
    last_result_count = models.PositiveIntegerField(_("results (last search)"), default=0)
    opened = models.PositiveIntegerField(_("results opened"), default=0)

    class Meta:
        verbose_name = _("catalogue query outcome")
        verbose_name_plural = _("catalogue query outcomes")
        constraints = [models.UniqueConstraint(fields=["query", "date", "filters"], name="one_outcome_per_query_day")]
