"""``Criterion``: one question the reviewer answers for every case, seeded from ``moderation.rubric``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from ..rubric import PRINCIPLES

PRINCIPLE_CHOICES = [(name, name) for name in PRINCIPLES]


class CriterionQuerySet(models.QuerySet):
    def active(self) -> "CriterionQuerySet":
        return self.filter(active=True)


class Criterion(index.Indexed, Orderable):
    """One question the reviewer answers for every case (see ../shared/RUBRIC.md, "Review criteria")."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Stable identifier; the automatic red flags refer to it. Do not change it."),
    )
    principle = models.CharField(_("principle"), max_length=60, choices=PRINCIPLE_CHOICES)
    question = models.CharField(_("question for the reviewer"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("The evidence the reviewer looks for."))
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick to retire the criterion: new assessments no longer ask it; old ones keep their rating."),
    )

    objects = CriterionQuerySet.as_manager()

    panels = [
        FieldPanel("code"), FieldPanel("principle"), FieldPanel("question"), FieldPanel("guidance"), FieldPanel("active")
    ]
    search_fields = [index.SearchField("question"), index.AutocompleteField("question"), index.FilterField("active")]

    class Meta(Orderable.Meta):
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.code}: {self.question}"
