"""``AnswerSnapshot``: every answer of a case's submission when a review round started (see ``moderation.rounds``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..encryption import EncryptedJSONField


class AnswerSnapshot(models.Model):
    """Every answer of a case's submission when one review round started (written by ``moderation.rounds``)."""

    page = models.ForeignKey(
        "showcase.UseCasePage", verbose_name=_("case"), on_delete=models.CASCADE, related_name="answer_snapshots"
    )
    task_state = models.OneToOneField(
        "wagtailcore.TaskState", verbose_name=_("review round"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("revision"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("taken at"), default=timezone.now, db_index=True)
    language = models.CharField(_("language of labels and values"), max_length=10)
    #: [{"name", "label", "value", "visibility"}, ...] (``moderation.submission_answers.Answer.as_data``)
    answers = EncryptedJSONField(_("answers"), default=list, blank=True)  # confidential answers too: encrypted

    class Meta:
        verbose_name = _("answers at the start of a review round")
        verbose_name_plural = _("answers at the start of review rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Answers of page {self.page_id} at {self.created_at:%Y-%m-%d %H:%M}"
