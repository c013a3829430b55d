"""What reviewers and editors decide: ``Assessment`` (one per decision), its ``Rating`` rows and red-flag overrides.

A rating keeps a snapshot of the criterion's wording, so rewording a
criterion later never changes an assessment already made. Nothing here is
public except what ``moderation.public_review`` picks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .. import ratings
from ..actions import WITHHOLD_REASON_CHOICES
from ..encryption import EncryptedTextField
from .criteria import Criterion


class Assessment(models.Model):
    """One decision on a case in one review round; kept for ever (the audit trail of judgements)."""

    REVIEW = "review"
    SIGN_OFF = "sign_off"
    STAGE_CHOICES = [(REVIEW, _("Review")), (SIGN_OFF, _("Sign-off"))]

    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    DECLINED = "declined"
    WITHHELD = "withheld"
    DECISION_CHOICES = [
        (APPROVED, _("Approved")),
        (CHANGES_REQUESTED, _("Changes requested")),
        (DECLINED, _("Declined")),
        (WITHHELD, _("Reviewed, withheld from publication")),
    ]
    WITHHOLD_REASON_CHOICES = WITHHOLD_REASON_CHOICES

    page = models.ForeignKey(
        "showcase.UseCasePage", verbose_name=_("case"), on_delete=models.CASCADE, related_name="assessments"
    )
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", verbose_name=_("workflow state"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    task_state = models.ForeignKey(
        "wagtailcore.TaskState", verbose_name=_("task state"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("revision assessed"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=STAGE_CHOICES, default=REVIEW)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.SET_NULL, null=True,
        related_name="moderation_assessments",
    )
    decision = models.CharField(_("decision"), max_length=20, choices=DECISION_CHOICES)
    risk_tier = models.ForeignKey(
        "showcase.RiskTier", verbose_name=_("risk tier (confirmed or corrected)"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    risk_tier_claimed = models.ForeignKey(
        "showcase.RiskTier", verbose_name=_("risk tier claimed at the time"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    withhold_reason = models.CharField(
        _("reason for withholding"), max_length=30, choices=WITHHOLD_REASON_CHOICES, blank=True
    )
    public_summary = models.TextField(_("public summary"), blank=True)
    message = models.TextField(
        _("message to the submitter"), blank=True, help_text=_("The request for changes, or the reason to decline.")
    )
    review_months = models.PositiveSmallIntegerField(
        _("months until the next review"), null=True, blank=True,
        help_text=_("Chosen by the reviewer for a high-risk case; empty: the default period."),
    )
    red_flags = models.JSONField(
        _("red flags at the time"), default=list, blank=True,
        help_text=_("The automatic red flags the answers raised when the decision was made."),
    )
    created_at = models.DateTimeField(_("decided at"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    go_live_at = models.DateTimeField(
        _("go live at"), null=True, blank=True,
        help_text=_("The approver's go-live time: the reviewer's proposal, the signing editor's decision."),
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} of page {self.page_id}: {self.get_decision_display()}"

    @property
    def risk_tier_corrected(self) -> bool:
        return self.risk_tier_id is not None and self.risk_tier_id != self.risk_tier_claimed_id

    @classmethod
    def latest_in(cls, workflow_state_id: int) -> "Assessment | None":
        """The newest decision made in one workflow (the decision the case's status follows)."""
        return cls.objects.filter(workflow_state_id=workflow_state_id).order_by("-created_at", "-pk").first()

    @classmethod
    def mark_published(cls, workflow_state: Any, at: Any = None) -> None:
        """The workflow published (or scheduled) the case: its approvals are now the public review."""
        approvals = cls.objects.filter(workflow_state=workflow_state, decision=cls.APPROVED)
        approvals.update(published_at=at or timezone.now())

    @classmethod
    def final_go_live(cls, workflow_state: Any) -> Any:
        """The go-live time of the last approval in the workflow (the sign-off's): ``None`` means at once."""
        last = cls.objects.filter(workflow_state=workflow_state, decision=cls.APPROVED).order_by("-created_at", "-pk")
        return last.values_list("go_live_at", flat=True).first()

    @classmethod
    def record_review(cls, form: Any, **common: Any) -> "Assessment":
        """The reviewer's approval: every criterion's rating and note, each red flag's override; all logged.

        ``form`` is the validated approve form (``moderation.forms.ApproveForm``); ``common`` holds the
        fields every decision stores (``page`` and ``reviewer`` among them).
        """
        page, user = common["page"], common["reviewer"]
        assessment = cls.objects.create(
            decision=cls.APPROVED,
            risk_tier_id=int(form.cleaned_data["risk_tier"]),
            public_summary=form.cleaned_data["public_summary"].strip(),
            go_live_at=form.cleaned_data.get("go_live_at"),
            review_months=form.cleaned_data.get("review_months") or None,
            **common,
        )
        rated = form.ratings()
        Rating.objects.bulk_create(
            Rating(
                assessment=assessment, criterion=criterion, code=criterion.code, principle=criterion.principle,
                question=criterion.question, rating=rating, note=note, sort_order=index,
            )
            for index, (criterion, rating, note) in enumerate(rated)
        )
        log(
            instance=page, action="moderation.rate", user=user,
            data={"assessment": assessment.pk, "ratings": {c.code: rating for c, rating, _note in rated}},
        )
        for flag, justification in form.overrides():
            RedFlagOverride.objects.create(
                assessment=assessment, rule=flag.rule, criterion_code=flag.criterion, flag_message=str(flag.message),
                justification=justification,
            )
            log(
                instance=page, action="moderation.override", user=user,
                data={"assessment": assessment.pk, "rule": flag.rule, "justification": justification},
            )
        log(
            instance=page, action="moderation.approve", user=user,
            data={"assessment": assessment.pk, "risk_tier": assessment.risk_tier_id,
                  "risk_tier_corrected": assessment.risk_tier_corrected},
        )
        return assessment


class Rating(models.Model):
    """A reviewer's rating of one criterion, with the criterion's wording as it was at the time."""

    MEETS = ratings.MEETS
    RATING_CHOICES = ratings.RATING_CHOICES

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings"
    )
    # Snapshot: the wording in force when the rating was made.
    code = models.CharField(_("code"), max_length=60)
    principle = models.CharField(_("principle"), max_length=60)
    question = models.CharField(_("question"), max_length=300)
    rating = models.CharField(_("rating"), max_length=20, choices=RATING_CHOICES)
    note = EncryptedTextField(_("note"), blank=True, help_text=_("Confidential: for reviewers and editors only."))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="moderation_rating_one_per_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.rating}"


class RedFlagOverride(models.Model):
    """A reviewer's written justification for approving despite a red flag. Never published."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="overrides")
    rule = models.CharField(_("rule"), max_length=80)
    criterion_code = models.CharField(_("criterion"), max_length=60)
    flag_message = models.TextField(_("red flag"))
    justification = EncryptedTextField(_("justification"))

    class Meta:
        verbose_name = _("red-flag override")
        verbose_name_plural = _("red-flag overrides")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.rule
