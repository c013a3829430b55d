"""Who asked to attend a meeting, and what the organisers decided; who they invited in advance.

A ``MeetingRegistration`` is one person's request to attend one meeting
(``showcase.MeetingPage``). It waits (``pending``) until a meeting organiser
approves or declines it; approval puts the person in the Attendees group, and
``manage.py expire_meeting_access`` takes them out again some days after the
meeting closes (``access_ended_at``). A ``MeetingInvitation`` is one row of a
pre-approved participant list: its person is approved as soon as they register.

Both are confidential (who attends a law-enforcement meeting): they live here
in the portal, never on a page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from moderation.encryption import EncryptedTextField

from .email_addresses import CaseInsensitiveEmailField


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class MeetingRegistration(models.Model):
    meeting = models.ForeignKey(
        "showcase.MeetingPage", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="meeting_registrations",
    )
    role = models.CharField(_("role"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.ForeignKey(
        "showcase.OrganisationType", verbose_name=_("organisation type"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    country = CountryField(_("country"), blank=True)
    sessions_of_interest = models.JSONField(_("sessions of interest"), default=list, blank=True)
    #: Often health information: encrypted at rest, like a submission's confidential answers.
    accessibility_needs = EncryptedTextField(_("accessibility needs"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING,
        db_index=True,
    )
    decision_reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    #: The interface language of the registration: e-mails use it when the person chose none.
    language = models.CharField(_("language"), max_length=10, blank=True)
    #: The person was told their access is about to end (once).
    access_warned_at = models.DateTimeField(_("told access ends"), null=True, blank=True)
    #: The expiry job took the person's attendee access away.
    access_ended_at = models.DateTimeField(_("access ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="portal_one_registration_per_meeting"),
        ]
        permissions = [("decide_meeting_registration", _("Can approve or decline meeting registrations"))]

    def __str__(self) -> str:
        return f"{self.user} → {self.meeting_id} ({self.status})"

    @property
    def is_approved(self) -> bool:
        return self.status == RegistrationStatus.APPROVED


class MeetingInvitation(models.Model):
    """One pre-approved participant (a row of an organiser's CSV list)."""

    meeting = models.ForeignKey(
        "showcase.MeetingPage", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+"
    )
    email = CaseInsensitiveEmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="portal_one_invitation_per_meeting"),
        ]

    def __str__(self) -> str:
        return self.email
