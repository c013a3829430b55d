"""``ProblemReport``: a reader's report of a problem with a published case, and what the editors made of it.

Anyone may file one (no account; the portal's form rate-limits and spam-guards
it). The description and the contact address are confidential to the editors.
Three outcomes put something public on the case, or not:

* ``corrected`` — a dated correction note, shown on the case at once;
* ``reply`` — a statement from the organisation described, shown only once an
  editor approves it (``reply_approved``);
* ``closed`` — nothing public; the reason is e-mailed to the reporter if they left an address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProblemReport(models.Model):
    FACTUAL_ERROR = "factual_error"
    OUTDATED = "outdated"
    CONCERNS = "concerns"
    ORGANISATION = "organisation"
    OTHER = "other"
    REASON_CHOICES = [
        (FACTUAL_ERROR, _("A factual error")),
        (OUTDATED, _("It is out of date")),
        (CONCERNS, _("Concerns about the use described")),
        (ORGANISATION, _("I am the organisation described")),
        (OTHER, _("Something else")),
    ]

    NEW = "new"
    CORRECTED = "corrected"
    REPLY = "reply"
    CLOSED = "closed"
    STATUS_CHOICES = [
        (NEW, _("New")),
        (CORRECTED, _("Correction published")),
        (REPLY, _("Right of reply")),
        (CLOSED, _("Closed")),
    ]

    page = models.ForeignKey(
        "showcase.UseCasePage", verbose_name=_("case"), on_delete=models.CASCADE, related_name="problem_reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=REASON_CHOICES)
    description = models.TextField(_("description (confidential)"), max_length=3000)
    contact = models.CharField(_("reporter's contact (confidential)"), max_length=254, blank=True)
    #: The language the report was filed in: the reporter is answered in it.
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default=NEW, db_index=True)
    correction = models.TextField(
        _("correction note (public)"), blank=True, max_length=2000,
        help_text=_("With the status “Correction published”: shown on the case, dated, at once."),
    )
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True, editable=False)
    reply = models.TextField(
        _("statement of the organisation described (public once approved)"), blank=True, max_length=3000,
        help_text=_("With the status “Right of reply”: their statement as they wrote it."),
    )
    reply_approved = models.BooleanField(
        _("the statement is reviewed and may be shown"), default=False,
        help_text=_("Tick only after checking the statement: it then shows on the case."),
    )
    replied_on = models.DateField(_("reply shown since"), null=True, blank=True, editable=False)
    close_reason = models.TextField(
        _("reason for closing (sent to the reporter)"), blank=True, max_length=2000,
    )
    reporter_told_at = models.DateTimeField(_("reporter told at"), null=True, blank=True, editable=False)
    organisation_told_at = models.DateTimeField(_("organisation told at"), null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+",
    )

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.page_id} ({self.get_status_display()})"
