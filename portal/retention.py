"""Storage limitation (issue 18, docs/PRIVACY.md): the confidential answers of closed cases are erased in time.

- declined: ``RETENTION_CLOSED_MONTHS`` after the decline;
- withdrawn: ``RETENTION_CLOSED_MONTHS`` after the withdrawal;
- abandoned: a draft untouched for ``RETENTION_ABANDONED_DRAFT_MONTHS``.
Erased: every answer of the submission (contact person and details, every
confidential answer), the answer snapshots of its review rounds, reviewers'
notes and override justifications. Kept, as the minimal record of the
decision: who submitted for which organisation, the status and its history
(with the decision's message), the dates, the assessment's decision. Published
cases are never touched here: publication needs them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from moderation.models import AnswerSnapshot, Rating, RedFlagOverride

from .models import Status, Submission

#: What the record keeps after erasure; every other field of a submission is an answer.
RECORD_FIELDS = frozenset({
    "id", "submitter", "organisation", "page", "creation_token", "language", "consent_to_publish", "status",
    "created_at", "updated_at", "submitted_at", "withdrawn_at", "answers_purged_at",
})


def _months_ago(now: datetime, months: int) -> datetime:
    return now - timedelta(days=round(months * 30.44))


def expired(now: datetime | None = None) -> QuerySet[Submission]:
    """Submissions whose confidential answers are due for erasure and not yet erased."""
    now = now or timezone.now()
    closed_before = _months_ago(now, settings.RETENTION_CLOSED_MONTHS)
    draft_before = _months_ago(now, settings.RETENTION_ABANDONED_DRAFT_MONTHS)
    declined = Submission.objects.filter(status=Status.DECLINED).annotate(
        declined_at=Max("status_changes__at", filter=Q(status_changes__status=Status.DECLINED))
    ).filter(declined_at__lt=closed_before).values("pk")
    return Submission.objects.filter(answers_purged_at__isnull=True).filter(
        Q(pk__in=declined)
        | Q(status=Status.WITHDRAWN, withdrawn_at__lt=closed_before)
        | Q(status=Status.DRAFT, updated_at__lt=draft_before)
    )


def answer_fields() -> list:
    return [f for f in Submission._meta.concrete_fields if f.name not in RECORD_FIELDS]


@transaction.atomic
def erase_answers(submission: Submission, now: datetime | None = None) -> None:
    """Blank every answer of ``submission`` and the reviewers' confidential texts about it (idempotent)."""
    blanks = {field.attname: field.get_default() for field in answer_fields()}
    Submission.objects.filter(pk=submission.pk).update(**blanks, answers_purged_at=now or timezone.now())
    if submission.page_id:
        AnswerSnapshot.objects.filter(page_id=submission.page_id).delete()
        Rating.objects.filter(assessment__page_id=submission.page_id).update(note="")
        RedFlagOverride.objects.filter(assessment__page_id=submission.page_id).update(justification="")


def purge_expired(now: datetime | None = None) -> int:
    """Erase what the policy says is due; returns how many submissions. Safe to run again or after a crash."""
    count = 0
    for submission in expired(now).only("pk", "page_id").iterator():
        erase_answers(submission, now)
        count += 1
    return count
