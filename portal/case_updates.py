"""Updates of a published case: proposed by its submitter, reviewed like a first submission, live only once approved.

The submitter changes a published case through the same wizard, prefilled from the
live version. Every answer goes to a new *revision* of the live page
(``showcase.drafts`` never writes a live page's fields), so the public keeps seeing the
published version. Submitting hands the update to the same responsible-use workflow
(``moderation.handover.start_review``); sign-off publishes the new revision
(``moderation.publication``). The case stays "Published" for its submitter throughout:
where the update stands is a separate, derived stage (this module), so a published case
can never be withdrawn or declined away by an update.

The status e-mails follow the status, which an update does not change, so
``tell_submitter`` writes the two an update needs: the reviewers ask for changes
to it, and it is published.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from moderation import handover as review
from moderation.models import Assessment

from . import submitter_emails as notifications
from .models import Status, Submission

#: Where a proposed update stands ("" when the case is not published or nothing is proposed).
NONE = ""
DRAFT = "draft"  # the submitter has changed answers, not yet submitted
IN_REVIEW = "in_review"  # with the reviewers
CHANGES_REQUESTED = "changes_requested"  # the reviewers asked for changes to the update

LABELS = {
    DRAFT: _("Update being prepared (not yet submitted)"),
    IN_REVIEW: _("Update in review: the published version stays online until it is approved"),
    CHANGES_REQUESTED: _("The reviewers ask for changes to your update"),
}


def update_stage(submission: Submission) -> str:
    """Where the update of a published case stands, from the workflow and the page's unpublished changes."""
    page = submission.page
    if submission.status != Status.PUBLISHED or page is None or not page.live:
        return NONE
    stage = review.review_state(page).stage
    if stage in (review.SUBMITTED, review.IN_REVIEW):
        return IN_REVIEW
    if stage == review.CHANGES_REQUESTED:
        return CHANGES_REQUESTED
    return DRAFT if page.has_unpublished_changes else NONE


def may_change_update(user: Any, submission: Submission) -> bool:
    """The submitter may change answers of a published case while no update of it is with the reviewers."""
    return (
        user is not None
        and user.is_authenticated
        and submission.submitter_id == user.pk
        and submission.status == Status.PUBLISHED
        and update_stage(submission) != IN_REVIEW
    )


def has_changes(submission: Submission) -> bool:
    """True when the latest revision differs from the live one (there is something to review)."""
    page = submission.page
    return page is not None and page.has_unpublished_changes


def tell_submitter(sender: Any, page: Any, assessment: Any = None, **kwargs: Any) -> None:
    """E-mail the submitter of a published case when the reviewers ask for changes to its update or publish it.

    Receives ``decision_made`` and ``case_published``. A live page with a first publication
    earlier than its last is an update's publication (the first one mails "published" through
    the status); a request for changes while the page is live can only be about an update.
    """
    submission = Submission.objects.filter(page_id=page.pk, status=Status.PUBLISHED).select_related("page").first()
    if submission is None or not page.live:
        return
    if assessment is None:  # case_published: the signed-off version is the live one now
        if page.first_published_at and page.last_published_at and page.first_published_at < page.last_published_at:
            notifications.notify_submitter(
                submission, notifications.UPDATE_PUBLISHED, dedupe_key=f"update-published:{page.live_revision_id}",
            )
    elif assessment.decision == Assessment.CHANGES_REQUESTED:
        notifications.notify_submitter(
            submission, notifications.CHANGES_REQUESTED, dedupe_key=f"update-decision:{assessment.pk}",
            message=assessment.message, update=True,
        )
