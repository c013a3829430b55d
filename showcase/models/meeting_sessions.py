"""``MeetingSession``: one session of a meeting's programme, with its speakers and spotlighted cases.

Editors type a session's date and times as the meeting's organisers say them, in the
meeting's time zone (``date``, ``start_time``, ``end_time``); the UTC instants the site
shows, sorts and exports (``starts_at``, ``ends_at``) are derived from them on every save
with ``zoneinfo``, so a daylight-saving change between two sessions is always right.

https://docs.wagtail.org/en/stable/reference/pages/panels.html#inline-panels
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from ..time_zones import zone_or_utc


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=200)
    role = blocks.CharBlock(label=_("role"), max_length=200, required=False)
    organisation = blocks.CharBlock(label=_("organisation"), max_length=200, required=False)

    class Meta:
        icon = "user"
        label = _("speaker")


def local_to_utc(day: date, at: time, zone_name: str) -> datetime:
    """The instant that a wall-clock ``day at`` in ``zone_name`` names (fold 0: the first, in a repeated hour)."""
    return datetime.combine(day, at, tzinfo=zone_or_utc(zone_name)).astimezone(ZoneInfo("UTC"))


class MeetingSession(Orderable, ClusterableModel):
    """A session of the programme. ``starts_at``/``ends_at`` are UTC, derived from the local entries."""

    page = ParentalKey("showcase.MeetingPage", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    date = models.DateField(_("date"), help_text=_("In the meeting's time zone."))
    start_time = models.TimeField(_("starts"), help_text=_("In the meeting's time zone."))
    end_time = models.TimeField(_("ends"), help_text=_("In the meeting's time zone, the same day."))
    starts_at = models.DateTimeField(_("starts (UTC)"), editable=False, null=True, db_index=True)
    ends_at = models.DateTimeField(_("ends (UTC)"), editable=False, null=True)
    speakers = StreamField([("speaker", SpeakerBlock())], blank=True, verbose_name=_("speakers"))
    spotlight_cases = ParentalManyToManyField(
        "showcase.UseCasePage",
        blank=True,
        related_name="spotlight_sessions",
        verbose_name=_("spotlighted cases"),
        help_text=_("Published cases presented in this session. Attendees-only cases are listed only to attendees."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("speakers"),
        FieldPanel("spotlight_cases"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The session must end after it starts, on the same day.")})

    def derive_instants(self, zone_name: str | None = None) -> None:
        """Set ``starts_at``/``ends_at`` (UTC) from the local date and times in the meeting's zone."""
        zone_name = zone_name or getattr(self.page, "time_zone", "UTC")
        if self.date and self.start_time and self.end_time:
            self.starts_at = local_to_utc(self.date, self.start_time, zone_name)
            self.ends_at = local_to_utc(self.date, self.end_time, zone_name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("update_fields") is None:
            self.derive_instants()
        super().save(*args, **kwargs)
