"""Publishing a signed-off case: the end of the review workflow (called by ``moderation.workflow``).

Publishing sends Wagtail's ``page_published`` signal, which the catalogue's
search index follows (showcase). Then moderation marks the approvals as the
public review and sends ``moderation.signals.case_published``: the portal
receives it, derives the new status ("Published") and e-mails the submitter
the public link (once per status change).
"""

from __future__ import annotations

from typing import Any

from wagtail.log_actions import log
from wagtail.models import Page, WorkflowState

from showcase.revalidation import set_review_interval

from .models import Assessment
from .signals import case_published


def publish_signed_off(workflow_state: WorkflowState, user: Any = None) -> None:
    """Publish the latest revision of the case (the one signed off), record it, and tell the apps above."""
    instance = workflow_state.content_object
    if isinstance(instance, Page):
        instance = instance.specific
    revision = instance.get_latest_revision()
    # The sign-off task is the gate (four-eyes, conflict of interest); editors hold no
    # publish_page permission, so nothing is published around the workflow.
    revision.publish(user=user, skip_permission_checks=True)
    Assessment.mark_published(workflow_state)
    instance.refresh_from_db()
    review = Assessment.objects.filter(
        workflow_state=workflow_state, stage=Assessment.REVIEW, decision=Assessment.APPROVED
    ).first()
    # A reviewed publication starts the re-validation clock again, at the reviewer's interval.
    set_review_interval(instance, review.review_months if review else None, user)
    log(instance=instance, action="moderation.publish", user=user, data={"revision": revision.pk})
    case_published.send(sender=type(instance), page=instance)
