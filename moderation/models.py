"""The responsible-use review: criteria, assessments and the two workflow tasks.

* ``Criterion`` — an orderable snippet, seeded from ``moderation.rubric`` by
  migration 0002; editors reword, reorder and retire criteria in the admin.
* ``Assessment`` — one per decision in a review round (approve, request
  changes, decline, sign-off), with its ``Rating`` rows and ``RedFlagOverride``
  rows. A rating keeps a snapshot of the criterion's wording, so rewording a
  criterion later never changes an assessment already made.
* ``AnswerSnapshot`` — the submission's answers (public and confidential) as
  they stood when a review round started, so the next round shows what
  changed (``moderation.rounds``). Confidential: read only in the evidence view.
* ``ReviewTask`` and ``SignOffTask`` — Wagtail workflow tasks (see
  ``moderation.tasks`` for the shared rules: conflict of interest, four-eyes,
  claims, and the one-decision-per-task lock).

Nothing here is public except what ``moderation.public.public_review`` picks:
the outcome per principle, the risk tier, the public summary and the date.

https://docs.wagtail.org/en/stable/extending/custom_tasks.html
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import AbstractGroupApprovalTask, Orderable
from wagtail.search import index

from .rubric import PRINCIPLES
from .tasks import ReviewTaskMixin, SignOffTaskMixin

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


class Assessment(models.Model):
    """One decision on a case in one review round; kept for ever (the audit trail of judgements)."""

    REVIEW = "review"
    SIGN_OFF = "sign_off"
    STAGE_CHOICES = [(REVIEW, _("Review")), (SIGN_OFF, _("Sign-off"))]

    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    DECLINED = "declined"
    DECISION_CHOICES = [
        (APPROVED, _("Approved")),
        (CHANGES_REQUESTED, _("Changes requested")),
        (DECLINED, _("Declined")),
    ]

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
    public_summary = models.TextField(_("public summary"), blank=True)
    message = models.TextField(
        _("message to the submitter"), blank=True, help_text=_("The request for changes, or the reason to decline.")
    )
    red_flags = models.JSONField(
        _("red flags at the time"), default=list, blank=True,
        help_text=_("The automatic red flags the answers raised when the decision was made."),
    )
    created_at = models.DateTimeField(_("decided at"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} of page {self.page_id}: {self.get_decision_display()}"

    @property
    def risk_tier_corrected(self) -> bool:
        return self.risk_tier_id is not None and self.risk_tier_id != self.risk_tier_claimed_id


class Rating(models.Model):
    """A reviewer's rating of one criterion, with the criterion's wording as it was at the time."""

    MEETS = "meets"
    PARTLY = "partly"
    DOES_NOT_MEET = "does_not_meet"
    NOT_APPLICABLE = "not_applicable"
    RATING_CHOICES = [
        (MEETS, _("Meets")),
        (PARTLY, _("Partly meets")),
        (DOES_NOT_MEET, _("Does not meet")),
        (NOT_APPLICABLE, _("Not applicable")),
    ]

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings"
    )
    # Snapshot: the wording in force when the rating was made.
    code = models.CharField(_("code"), max_length=60)
    principle = models.CharField(_("principle"), max_length=60)
    question = models.CharField(_("question"), max_length=300)
    rating = models.CharField(_("rating"), max_length=20, choices=RATING_CHOICES)
    note = models.TextField(_("note"), blank=True, help_text=_("Confidential: for reviewers and editors only."))
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
    justification = models.TextField(_("justification"))

    class Meta:
        verbose_name = _("red-flag override")
        verbose_name_plural = _("red-flag overrides")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.rule


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
    answers = models.JSONField(_("answers"), default=list, blank=True)

    class Meta:
        verbose_name = _("answers at the start of a review round")
        verbose_name_plural = _("answers at the start of review rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Answers of page {self.page_id} at {self.created_at:%Y-%m-%d %H:%M}"


class ReviewTask(ReviewTaskMixin, AbstractGroupApprovalTask):
    """First task: a reviewer assesses the case against every active criterion."""

    class Meta:
        verbose_name = _("responsible-use review task")
        verbose_name_plural = _("responsible-use review tasks")


class SignOffTask(SignOffTaskMixin, AbstractGroupApprovalTask):
    """Second task: an editor who did not approve the review signs it off (four-eyes); approval publishes."""

    class Meta:
        verbose_name = _("editorial sign-off task")
        verbose_name_plural = _("editorial sign-off tasks")
