"""Wagtail's search index updates for case pages, without a background task for a never-submitted draft.

The case page turns Wagtail's own signal handlers off (``search_auto_update = False``) and these take
their place: the same task on save (``modelsearch.tasks.insert_or_update_object_task``), the same
removal on delete. The one difference: a save of a draft nobody has submitted enqueues nothing,
where Wagtail's handler enqueued a task that loaded the page again and then found it outside the
indexed objects (``PrivateDraftsUnindexed``). A wizard save saves its draft twice; during a
session-start rush those tasks were a tenth of a save's CPU (issue 20).

https://docs.wagtail.org/en/stable/topics/search/indexing.html
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from modelsearch import index
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import WorkflowState


def is_never_submitted(page: Any) -> bool:
    """Never published and never handed to a workflow: the test of ``page_permissions.never_submitted_drafts``."""
    if page.live or page.first_published_at or page.last_published_at:
        return False
    return not WorkflowState.objects.for_instance(page).exists()


def update_index_on_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or is_never_submitted(instance):
        return
    insert_or_update_object_task.enqueue(instance._meta.app_label, instance._meta.model_name, str(instance.pk))


def remove_from_index_on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    index.remove_object(instance)


def connect(model: type) -> None:
    """Called from ``ShowcaseConfig.ready()`` for the case page (whose ``search_auto_update`` is off)."""
    post_save.connect(update_index_on_save, sender=model, dispatch_uid="case-search-index-save")
    post_delete.connect(remove_from_index_on_delete, sender=model, dispatch_uid="case-search-index-delete")
