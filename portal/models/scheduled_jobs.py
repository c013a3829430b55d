"""``ScheduledJobRun``: when each periodic job last ran, and whether a run of it is under way.

One row per job name of ``settings.SCHEDULED_JOBS``. The row is what makes the
scheduler safe to run more than once (two replicas, or a cron ``--once`` beside
the ``scheduler`` service): a run starts only by *claiming* the row with one
conditional UPDATE, which succeeds for one process only (``portal.scheduler``).
It also keeps the intervals across restarts, and lets an operator see in the
Django admin when a job last succeeded and why it last failed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJobRun(models.Model):
    name = models.CharField(_("job"), max_length=100, unique=True)
    running_since = models.DateTimeField(
        _("running since"), null=True, blank=True, help_text=_("Set while a run is under way (the claim).")
    )
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_succeeded = models.BooleanField(_("last run succeeded"), null=True)
    last_error = models.TextField(_("last error"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
