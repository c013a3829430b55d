"""The workflow's finish action (``WAGTAIL_FINISH_WORKFLOW_ACTION``): publish, record, tell the submitter.

Wagtail imports this module while it defines its models, so it imports
nothing of ours at module level.

https://docs.wagtail.org/en/stable/reference/settings.html#wagtail-finish-workflow-action
"""

from __future__ import annotations

from typing import Any


def publish_and_notify(workflow_state: Any, user: Any = None) -> None:
    """Publish the signed-off revision, mark the assessments published and let the submitter know.

    Publishing sends Wagtail's ``page_published`` signal: the catalogue's
    search index follows it (showcase), and the portal derives the new status
    ("Published") and e-mails the submitter the public link through
    ``portal.notifications.notify_submitter`` (once per status change). The
    explicit refresh below makes that independent of signal order.
    """
    from wagtail.log_actions import log
    from wagtail.models import Page

    from .decisions import record_publication

    instance = workflow_state.content_object
    if isinstance(instance, Page):
        instance = instance.specific
    revision = instance.get_latest_revision()
    # The sign-off task is the gate (four-eyes, conflict of interest); editors hold no
    # publish_page permission, so nothing is published around the workflow.
    revision.publish(user=user, skip_permission_checks=True)
    record_publication(workflow_state, user)
    instance.refresh_from_db()
    log(instance=instance, action="moderation.publish", user=user, data={"revision": revision.pk})

    from portal.status import refresh_for_page

    refresh_for_page(instance)
