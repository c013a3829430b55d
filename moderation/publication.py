"""Publishing a signed-off case: the end of the review workflow (called by ``moderation.workflow``).

With a go-live time ahead (``moderation.go_live``), Wagtail schedules the
revision instead and publishes it later (``publish_scheduled``). Publishing sends Wagtail's ``page_published`` signal, which the catalogue's
search index follows (showcase). Then moderation marks the approvals as the
public review and sends ``moderation.signals.case_published``: the portal
receives it, derives the new status ("Published") and e-mails the submitter
the public link (once per status change).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, WorkflowState

from showcase.revalidation import set_review_interval

from .go_live import set_revision_go_live
from .models import Assessment
from .signals import case_published


def publish_signed_off(workflow_state: WorkflowState, user: Any = None) -> None:
    """Publish the latest revision of the case (the one signed off), record it, and tell the apps above."""
    instance = workflow_state.content_object
    if isinstance(instance, Page):
        instance = instance.specific
    revision = instance.get_latest_revision()
    # A go-live time ahead: Wagtail's scheduled publishing (the revision waits, approved, for
    # `publish_scheduled`); none, or one passed meanwhile: Wagtail publishes at once.
    go_live_at = Assessment.final_go_live(workflow_state)
    set_revision_go_live(revision, go_live_at)
    # The sign-off task is the gate (four-eyes, conflict of interest); editors hold no
    # publish_page permission, so nothing is published around the workflow.
    revision.publish(user=user, skip_permission_checks=True)
    scheduled = go_live_at is not None and go_live_at > timezone.now()
    Assessment.mark_published(workflow_state, at=go_live_at if scheduled else None)
    instance.refresh_from_db()
    review = Assessment.objects.filter(
        workflow_state=workflow_state, stage=Assessment.REVIEW, decision=Assessment.APPROVED
    ).first()
    # A reviewed publication starts the re-validation clock again, at the reviewer's interval.
    set_review_interval(instance, review.review_months if review else None, user)
    data = {"revision": revision.pk, "go_live_at": go_live_at.isoformat() if go_live_at else None}
    log(instance=instance, action="moderation.publish", user=user, data=data)
    case_published.send(sender=type(instance), page=instance)


def on_scheduled_publication(sender: Any, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    """Wagtail's ``page_published`` at a go-live time: the signed-off case is public now, so tell the apps above.

    ``publish_signed_off`` sends ``case_published`` itself when it publishes at once; a revision
    it scheduled is published later by ``publish_scheduled``, whose only trace is this signal.
    The log entry written at sign-off says the revision was scheduled by the workflow, so a
    publication of any other revision (a retirement, for example) is not taken for one.
    """
    if revision is None or not getattr(instance, "live", False) or instance.live_revision_id != revision.pk:
        return
    scheduled = PageLogEntry.objects.filter(
        page_id=instance.pk, action="moderation.publish", data__revision=revision.pk, data__go_live_at__isnull=False
    )
    if scheduled.exists():
        case_published.send(sender=type(instance), page=instance)
