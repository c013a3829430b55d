"""The whole road through the admin's workflow action URLs: submit → changes → resubmit → approve → sign-off → published."""

from __future__ import annotations

import pytest
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from moderation.public_review import public_review
from moderation.models import Assessment, Rating, RedFlagOverride, ReviewTask, SignOffTask
from portal.models import OutboxEmail, Status

from .conftest import complete_assessment, current_task_state, post_action

pytestmark = pytest.mark.embedded


def test_submission_starts_the_responsible_use_review(submitted):
    task_state = current_task_state(submitted.page)
    assert isinstance(task_state.task.specific, ReviewTask)
    assert submitted.status == Status.SUBMITTED


def test_the_whole_road(client, submitted, reviewer, editor):
    from portal.submission import submit

    page = submitted.page
    client.force_login(reviewer)

    # Request changes
    response, payload = post_action(client, page, "request_changes", {"message": "Name the retention period."})
    assert payload["step"] == "success", response.content
    submitted.refresh_from_db()
    assert submitted.status == Status.CHANGES_REQUESTED
    assert OutboxEmail.objects.filter(submission=submitted, kind="changes_requested").count() == 1
    assert "Name the retention period." in OutboxEmail.objects.get(kind="changes_requested").body_text

    # Resubmit: the workflow resumes at the review task
    submit(submitted, submitted.submitter)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    task_state = current_task_state(page)
    assert isinstance(task_state.task.specific, ReviewTask)
    assert WorkflowState.objects.for_instance(page).count() == 1

    # Approve with a complete assessment; a red flag (supplier reuse) is overridden
    type(submitted).objects.filter(pk=submitted.pk).update(supplier_may_reuse_data="yes")
    response, payload = post_action(client, page, "approve", complete_assessment(task_state))
    assert payload["step"] == "success", response.content.decode()[:3000]
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW
    assert isinstance(current_task_state(page).task.specific, SignOffTask)
    assessment = Assessment.objects.get(page=page, decision=Assessment.APPROVED)
    assert assessment.reviewer == reviewer
    assert assessment.ratings.count() == 12
    assert assessment.red_flags and RedFlagOverride.objects.filter(assessment=assessment).count() == len(assessment.red_flags)

    # Sign-off by an editor publishes
    client.force_login(editor)
    response, payload = post_action(client, page, "approve", {"comment": ""})
    assert payload["step"] == "success", response.content
    page.refresh_from_db()
    assert page.live
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert OutboxEmail.objects.filter(submission=submitted, kind="published").count() == 1
    # Wagtail's own e-mails never reach the submitter
    from django.core import mail

    assert all(submitted.submitter.email not in m.to or "published" in m.subject.lower() for m in mail.outbox)

    # Visible at its URL, with the public review and nothing confidential
    client.logout()
    html = client.get(page.url).content.decode()
    assert page.title in html
    review = public_review(page)
    assert review is not None and review.summary.startswith("PUBLIC-REVIEW-SUMMARY")
    assert [p.principle for p in review.principles] == [
        "Lawfulness", "Minimisation of harm", "Human autonomy", "Fairness", "Good governance"]
    assert {p.outcome for p in review.principles} == {"meets"}
    assert Assessment.objects.get(pk=assessment.pk).published_at is not None

    # Audit trail: who and when, for each step
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"moderation.request_changes", "moderation.rate", "moderation.override", "moderation.approve",
            "moderation.sign_off", "moderation.publish"} <= actions
    entry = PageLogEntry.objects.get(page=page, action="moderation.approve")
    assert entry.user == reviewer and entry.timestamp is not None


def test_decline_is_final(client, submitted, reviewer):
    client.force_login(reviewer)
    response, payload = post_action(client, submitted.page, "decline", {"reason": "Out of scope."})
    assert payload["step"] == "success"
    submitted.refresh_from_db()
    assert submitted.status == Status.DECLINED
    assert not WorkflowState.objects.for_instance(submitted.page).active().exists()
    assert OutboxEmail.objects.filter(submission=submitted, kind="declined").count() == 1
    assert Assessment.objects.get(page=submitted.page).decision == Assessment.DECLINED
    entry = PageLogEntry.objects.get(page=submitted.page, action="moderation.decline")
    assert entry.user == reviewer and entry.timestamp is not None
    # A second post on the finished review is refused with Wagtail's "not awaiting moderation" message
    response, payload = post_action(client, submitted.page, "approve", {}, task_state=TaskState.objects.get(
        pk=Assessment.objects.get(page=submitted.page).task_state_id))
    assert response.status_code == 302


def test_decline_and_request_need_a_message(client, submitted, reviewer):
    client.force_login(reviewer)
    for action, field in (("decline", "reason"), ("request_changes", "message")):
        response, payload = post_action(client, submitted.page, action, {field: "  "})
        assert payload["step"] == "action"
        assert current_task_state(submitted.page).status == TaskState.STATUS_IN_PROGRESS


def test_withdrawal_during_review(submitted):
    from portal.submission import withdraw

    withdraw(submitted, submitted.submitter)
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    assert not WorkflowState.objects.for_instance(submitted.page).active().exists()


def test_resubmission_after_sign_off_asks_for_changes_goes_back_to_review(client, submitted, reviewer, editor):
    from portal.submission import submit

    page = submitted.page
    client.force_login(reviewer)
    post_action(client, page, "approve", complete_assessment(current_task_state(page)))
    client.force_login(editor)
    response, payload = post_action(client, page, "request_changes", {"message": "Add the FRIA date."})
    assert payload["step"] == "success"
    submitted.refresh_from_db()
    assert submitted.status == Status.CHANGES_REQUESTED
    from showcase import drafts

    drafts.save_draft(page, submitted.submitter, {"impact_assessments_summary": "PUBLIC-impact FRIA on 2026-01-15."})
    submit(submitted, submitted.submitter)
    # The answers changed since the review: the review starts again before any sign-off
    assert isinstance(current_task_state(page).task.specific, ReviewTask)


def test_resubmission_without_changes_returns_to_sign_off(client, submitted, reviewer, editor):
    from portal.submission import submit

    page = submitted.page
    client.force_login(reviewer)
    post_action(client, page, "approve", complete_assessment(current_task_state(page)))
    client.force_login(editor)
    post_action(client, page, "request_changes", {"message": "Confirm the answers are current."})
    submit(submitted, submitted.submitter)
    assert isinstance(current_task_state(page).task.specific, SignOffTask)


def test_criterion_rewording_keeps_the_old_wording(client, submitted, reviewer):
    from moderation.models import Criterion

    client.force_login(reviewer)
    post_action(client, submitted.page, "approve", complete_assessment(current_task_state(submitted.page)))
    criterion = Criterion.objects.get(code="legal-basis")
    old = criterion.question
    criterion.question = "Reworded: is the legal basis sound?"
    criterion.save()
    rating = Rating.objects.get(code="legal-basis")
    assert rating.question == old and rating.criterion == criterion
