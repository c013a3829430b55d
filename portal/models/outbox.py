"""The outbox: every e-mail to a submitter is stored before it is sent.

A failing mail server never loses a message (or a submission): the message
stays here as ``failed`` with the error, is logged, and
``manage.py resend_failed_emails`` sends it again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class OutboxEmail(models.Model):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    STATUS_CHOICES = [(PENDING, _("Waiting to be sent")), (SENT, _("Sent")), (FAILED, _("Failed"))]

    submission = models.ForeignKey(
        "portal.Submission", on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )
    kind = models.CharField(_("kind"), max_length=40)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    #: Makes a notification idempotent: the same event never mails twice.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    #: One optional attached file (a meeting's calendar file): name, MIME type and text.
    attachment_name = models.CharField(_("attachment"), max_length=100, blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    attachment_content = models.TextField(_("attachment content"), blank=True)
    #: Extra mail headers (the search alerts' RFC 8058 ``List-Unsubscribe``), as {name: value}.
    headers = models.JSONField(_("headers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("e-mail to a submitter")
        verbose_name_plural = _("e-mails to submitters")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"

    def deliver(self) -> bool:
        """Try to send it once; record the outcome. Never raises for a mail-server failure."""
        message = EmailMultiAlternatives(
            self.subject, self.body_text, settings.DEFAULT_FROM_EMAIL, [self.to], headers=dict(self.headers or {})
        )
        if self.body_html:
            message.attach_alternative(self.body_html, "text/html")
        if self.attachment_name:
            message.attach(self.attachment_name, self.attachment_content, self.attachment_type or "text/plain")
        self.attempts += 1
        try:
            message.send()
        except Exception as error:  # SMTPException, OSError, a misconfigured backend…
            logger.exception("E-mail %s (%s) to submission %s could not be sent", self.pk, self.kind, self.submission_id)
            self.status = self.FAILED
            self.last_error = f"{type(error).__name__}: {error}"[:2000]
            self.save(update_fields=["status", "attempts", "last_error"])
            return False
        self.status = self.SENT
        self.sent_at = timezone.now()
        self.last_error = ""
        self.save(update_fields=["status", "attempts", "last_error", "sent_at"])
        return True
