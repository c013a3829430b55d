"""The confidential record of a submission, and the status history its submitter sees.

``Submission`` holds what must never reach the public page: who submitted, the
contact person, consent, and the confidential answers to the responsible-use
questions (structured answers that the moderation app's red-flag rules read,
plus free-text detail). The public answers live on the linked draft
``UseCasePage`` (written through ``showcase.drafts``).

Every answer field is blank-able so a half-finished draft can be saved; the
wizard's forms (``portal.wizard_forms``) decide what is required to submit.
Choices (``answer_choices``) are stored as short strings ("yes", "no", "scraped"…) so that the
answers are JSON-serialisable for the review workflow.

``status`` is a stored copy of the status derived from the page and Wagtail's
workflow state, kept for querying; only ``portal.status`` writes it (and the
``StatusChange`` history).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.encryption import EncryptedCharField, EncryptedEmailField, EncryptedTextField

from .answer_choices import (
    ASSESSMENT_STATUS_CHOICES,
    EVALUATION_BASIS_CHOICES,
    LEGAL_BASIS_CHOICES,
    SUPPLIER_REUSE_CHOICES,
    YES_NO,
)


class Status(models.TextChoices):
    """The status a submitter sees (DESIGN.md), separate from the workflow's internal states."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Approved, to be published")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def _yes_no(verbose_name: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=3, choices=YES_NO, blank=True)


def _choice(verbose_name: str, choices: list) -> models.CharField:
    return models.CharField(verbose_name, max_length=40, choices=choices, blank=True)


def _detail(verbose_name: str) -> models.TextField:
    """A confidential free-text answer: encrypted at rest (moderation/encryption.py)."""
    return EncryptedTextField(verbose_name, blank=True)


class Submission(models.Model):
    """One case as its submitter sent it: the confidential record (see the module docstring)."""

    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitter"), on_delete=models.PROTECT, related_name="submissions"
    )
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )
    # PROTECT: a page a submission refers to is never deleted, by anyone (issue 21). A withdrawn or
    # declined case is archived as an unpublished page. Null only while the wizard creates the page
    # (and for rows from before this rule, whose page was deleted: the wizard gives them a new one).
    page = models.OneToOneField(
        "showcase.UseCasePage",
        verbose_name=_("use-case page"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submission",
        help_text=_("The draft page that holds the public answers."),
    )
    #: The one-time token of the "start a submission" form: a double click or a
    #: second tab posting the same form finds the submission the first created.
    creation_token = models.UUIDField(null=True, blank=True, editable=False)
    language = models.CharField(
        _("language"), max_length=10, default="en", help_text=_("The interface language e-mails are sent in.")
    )

    # --- Organisation and contact (confidential) ---------------------------------
    contact_name = EncryptedCharField(_("contact person"), max_length=200, blank=True)
    contact_email = EncryptedEmailField(_("contact e-mail"), blank=True)
    contact_phone = EncryptedCharField(_("contact phone"), max_length=50, blank=True)
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)

    # --- Technology and data -------------------------------------------------------
    personal_data = _yes_no(_("processes personal data"))
    biometric_data = _yes_no(_("processes biometric data"))
    data_provenance = models.JSONField(_("where the data comes from"), default=list, blank=True)
    data_inventory = _detail(_("data inventory (detail)"))
    retention_limit = _yes_no(_("has a retention limit"))
    retention_period = EncryptedCharField(_("retention period"), max_length=300, blank=True)
    supplier_may_reuse_data = _choice(_("the supplier may reuse operational data"), SUPPLIER_REUSE_CHOICES)
    supplier_data_terms = _detail(_("supplier data terms"))
    security_accreditation = _detail(_("security accreditation"))

    # --- Safeguards: lawfulness and risk -------------------------------------------
    legal_basis_type = _choice(_("kind of legal basis"), LEGAL_BASIS_CHOICES)
    legal_basis_detail = _detail(_("legal basis (detail)"))
    legal_signoff = _yes_no(_("legal sign-off obtained"))
    coercive_use = _yes_no(_("can lead to coercive measures"))
    bulk_general_public = _yes_no(_("processes the general public in bulk"))
    alternatives_considered = _yes_no(_("alternatives considered"))
    alternatives_detail = _detail(_("alternatives considered (detail)"))
    prohibited_practices = models.JSONField(_("practices the system involves"), default=list, blank=True)
    rbi_exception = _detail(_("exception relied on for real-time biometric identification"))
    rbi_authorised = _yes_no(_("prior authorisation for real-time biometric identification"))
    profiles_individuals = _yes_no(_("profiles individuals"))
    risk_class_reasoning = _detail(_("reasons for the claimed risk class"))
    dpia_status = _choice(_("DPIA status"), ASSESSMENT_STATUS_CHOICES)
    dpia_date = models.DateField(_("DPIA date"), null=True, blank=True)
    fria_status = _choice(_("FRIA status"), ASSESSMENT_STATUS_CHOICES)
    fria_date = models.DateField(_("FRIA date"), null=True, blank=True)
    toolkit_status = _choice(_("toolkit risk assessment status"), ASSESSMENT_STATUS_CHOICES)
    toolkit_date = models.DateField(_("toolkit risk assessment date"), null=True, blank=True)
    other_assessment_name = EncryptedCharField(_("other assessment"), max_length=200, blank=True)
    other_assessment_status = _choice(_("other assessment status"), ASSESSMENT_STATUS_CHOICES)
    other_assessment_date = models.DateField(_("other assessment date"), null=True, blank=True)

    # --- Safeguards: oversight, fairness, accountability ------------------------------
    human_review = _yes_no(_("a person reviews outputs before they affect someone"))
    evaluation_basis = _choice(_("how performance was evaluated"), EVALUATION_BASIS_CHOICES)
    drift_monitoring = _yes_no(_("performance is monitored in operation"))
    per_group_testing = _yes_no(_("tested for bias per group"))
    protected_traits_as_features = _yes_no(_("protected traits used as features"))
    evaluation_detail = _detail(_("evaluation (detail)"))
    redress_route_exists = _yes_no(_("affected people can challenge an outcome"))
    output_used_as_evidence = _yes_no(_("output used as evidence"))
    use_disclosed = _yes_no(_("use disclosed to affected people"))
    explanation_method = _detail(_("explanation method"))
    accountable_person_name = EncryptedCharField(_("accountable person"), max_length=200, blank=True)
    logging_enabled = _yes_no(_("use is logged"))
    audit_detail = _detail(_("logging and audit (detail)"))

    # --- Lifecycle ------------------------------------------------------------------------
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    #: When the retention job erased the confidential answers (portal/retention.py); the decision record stays.
    answers_purged_at = models.DateTimeField(_("confidential answers erased"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitter", "creation_token"],
                condition=Q(creation_token__isnull=False),
                name="portal_submission_one_per_start_token",
            ),
        ]

    def __str__(self) -> str:
        title = self.page.draft_title if self.page_id else ""
        return title or str(_("Submission %(number)s") % {"number": self.pk})

    @property
    def reference(self) -> str:
        """A short reference the submitter can quote to the editors."""
        return f"S-{self.pk:05d}" if self.pk else ""


class StatusChange(models.Model):
    """One entry of the status history the submitter sees (written only by ``portal.status``)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    message = models.TextField(_("message"), blank=True, help_text=_("The reviewers' message or reason, if any."))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.status} at {self.at:%Y-%m-%d %H:%M}"
