"""Retention (issue 18): with a frozen clock, the job erases exactly what the policy says, once, and keeps the record."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone as dt_timezone
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from portal.models import Status, StatusChange, Submission
from tests import factories
from tests.moderation.markers import mark_confidential_answers

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

CLOSED_AT = datetime(2025, 1, 15, 9, 0, tzinfo=dt_timezone.utc)


def case_in(status: str, *, closed_at: datetime = CLOSED_AT) -> Submission:
    with time_machine.travel(closed_at, tick=False):
        item = factories.complete_submission()
        mark_confidential_answers(item)
        changes = {"status": status}
        if status == Status.WITHDRAWN:
            changes["withdrawn_at"] = closed_at
        Submission.objects.filter(pk=item.pk).update(**changes)
        if status != Status.DRAFT:
            StatusChange.objects.create(submission=item, status=status, at=closed_at, message=f"Reason for {status}")
    return Submission.objects.get(pk=item.pk)


def run_job() -> str:
    out = StringIO()
    call_command("purge_expired_answers", stdout=out)
    return out.getvalue()


def test_the_job_erases_exactly_what_the_policy_says(settings):
    settings.RETENTION_CLOSED_MONTHS = settings.RETENTION_ABANDONED_DRAFT_MONTHS = 12
    due = {status: case_in(status) for status in (Status.DECLINED, Status.WITHDRAWN, Status.DRAFT)}
    kept = {status: case_in(status) for status in (Status.PUBLISHED, Status.IN_REVIEW, Status.CHANGES_REQUESTED)}
    recent = case_in(Status.DECLINED, closed_at=CLOSED_AT + timedelta(days=200))

    with time_machine.travel(CLOSED_AT + timedelta(days=360), tick=False):
        assert "0 submission" in run_job()  # eleven and a half months: nothing yet
    with time_machine.travel(CLOSED_AT + timedelta(days=370), tick=False):
        assert "3 submission" in run_job()
        assert "0 submission" in run_job()  # idempotent: a second run finds nothing left

    for status, item in due.items():
        fresh = Submission.objects.get(pk=item.pk)
        assert fresh.answers_purged_at is not None, status
        assert fresh.contact_name == fresh.contact_email == fresh.data_inventory == "" and fresh.data_provenance == []
        assert fresh.status == status and fresh.submitter_id == item.submitter_id and fresh.page_id == item.page_id
    history = StatusChange.objects.filter(submission=due[Status.DECLINED]).values_list("status", "message")
    assert (Status.DECLINED, "Reason for declined") in list(history)  # the minimal record of the decision stays
    for item in [*kept.values(), recent]:
        fresh = Submission.objects.get(pk=item.pk)
        assert fresh.answers_purged_at is None and fresh.contact_name == item.contact_name != ""
