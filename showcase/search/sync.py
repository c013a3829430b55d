"""Signal handlers that keep the catalogue index following the database, and a switch for bulk imports.

Publish, unpublish, delete, move, a direct save of a live case, a view-restriction
change (on the case or an ancestor) and a renamed taxonomy value or tag each enqueue
``jobs.sync_catalogue_index`` with the page ids concerned, after the
transaction commits (a worker must see the committed state). The job re-reads
the pages, so the handlers only need ids — always of the ``.specific`` case.

``indexing_paused()`` switches this off in the current thread for bulk imports,
which then index in bulk (``indexing.bulk_index``). Nothing happens when
``ELASTICSEARCH_URL`` is unset.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..models import UseCasePage
from ..taxonomies import TAXONOMY_MODELS
from .connection import is_configured

logger = logging.getLogger(__name__)

_paused: contextvars.ContextVar[bool] = contextvars.ContextVar("catalogue_indexing_paused", default=False)


@contextmanager
def indexing_paused() -> Iterator[None]:
    """Within this block (this thread), saves do not update the index; index in bulk afterwards."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_paused() -> bool:
    return _paused.get()


class _Pending(threading.local):
    def __init__(self) -> None:
        self.ids: set[int] = set()


_pending = _Pending()


def schedule(page_ids: Iterable[int]) -> None:
    """Enqueue an index update for these pages once the current transaction commits.

    Ids scheduled in one transaction go out as one job: the first commit callback takes
    them all, later ones find nothing left. (Ids of a rolled-back transaction ride along
    with the next commit; the job re-reads the database, so that is harmless.)
    """
    if _paused.get() or not is_configured():
        return
    ids = {int(pk) for pk in page_ids if pk is not None}
    if not ids:
        return
    _pending.ids.update(ids)
    transaction.on_commit(_enqueue_pending)


def _enqueue_pending() -> None:
    ids, _pending.ids = sorted(_pending.ids), set()
    if not ids:
        return
    from .jobs import sync_catalogue_index

    try:
        sync_catalogue_index.enqueue(ids)
    except Exception:  # the page change itself must never fail because of the index
        logger.exception("Could not enqueue a catalogue index update for pages %s", ids[:20])


def cases_under(path: str) -> list[int]:
    """The case ids at ``path`` and below."""
    return list(UseCasePage.objects.filter(path__startswith=path).values_list("pk", flat=True))


# --- Handlers -------------------------------------------------------------------------------------


def on_publish_change(sender: Any, instance: Page, **kwargs: Any) -> None:
    if isinstance(instance, UseCasePage):
        schedule([instance.pk])
    elif instance.numchild:
        schedule(cases_under(instance.path))  # e.g. the catalogue unpublished: its cases go with it


#: Saves that touch only Wagtail's revision bookkeeping leave the live content as it was.
BOOKKEEPING_FIELDS = frozenset(
    {"latest_revision", "latest_revision_created_at", "has_unpublished_changes", "draft_title", "locked",
     "locked_at", "locked_by", "live_revision"}
)  # fmt: skip


def on_case_saved(sender: Any, instance: UseCasePage, update_fields: Any = None, **kwargs: Any) -> None:
    """A live case saved directly (not only through publish), e.g. its visibility changed by code."""
    if not instance.live or kwargs.get("raw"):
        return
    if update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    schedule([instance.pk])


def on_case_deleted(sender: Any, instance: UseCasePage, **kwargs: Any) -> None:
    schedule([instance.pk])


def before_page_deleted(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Capture the cases below a deleted ancestor while they still exist.
    if instance.numchild and instance.path:
        instance._catalogue_case_ids = cases_under(instance.path)  # type: ignore[attr-defined]


def after_page_deleted(sender: Any, instance: Page, **kwargs: Any) -> None:
    schedule(getattr(instance, "_catalogue_case_ids", ()))


def on_page_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    path = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if path:
        schedule(cases_under(path))


def _restriction_changed(restriction: PageViewRestriction) -> None:
    path = Page.objects.filter(pk=restriction.page_id).values_list("path", flat=True).first()
    if path:
        schedule(cases_under(path))


def on_restriction_saved(sender: Any, instance: PageViewRestriction, **kwargs: Any) -> None:
    _restriction_changed(instance)


def on_restriction_groups_changed(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, PageViewRestriction):
        _restriction_changed(instance)
    else:  # a group's restrictions changed from the group's side
        for restriction in PageViewRestriction.objects.filter(pk__in=kwargs.get("pk_set") or ()):
            _restriction_changed(restriction)


def on_taxonomy_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        return
    ids: set[int] = set()
    for field in UseCasePage._meta.get_fields():
        related = getattr(field, "related_model", None)
        if related is sender and (field.many_to_many or field.many_to_one):
            ids.update(UseCasePage.objects.filter(**{field.name: instance}).values_list("pk", flat=True))
    schedule(ids)


def on_tag_saved(sender: Any, instance: Tag, created: bool, **kwargs: Any) -> None:
    if not created:
        schedule(UseCasePage.objects.filter(tags=instance).values_list("pk", flat=True))


def connect() -> None:
    """Called from ``ShowcaseConfig.ready()``."""
    page_published.connect(on_publish_change, dispatch_uid="catalogue-index-publish")
    page_unpublished.connect(on_publish_change, dispatch_uid="catalogue-index-unpublish")
    post_save.connect(on_case_saved, sender=UseCasePage, dispatch_uid="catalogue-index-save")
    post_delete.connect(on_case_deleted, sender=UseCasePage, dispatch_uid="catalogue-index-delete")
    pre_delete.connect(before_page_deleted, sender=Page, dispatch_uid="catalogue-index-pre-delete-page")
    post_delete.connect(after_page_deleted, sender=Page, dispatch_uid="catalogue-index-delete-page")
    post_page_move.connect(on_page_moved, dispatch_uid="catalogue-index-move")
    post_save.connect(on_restriction_saved, sender=PageViewRestriction, dispatch_uid="catalogue-index-restriction")
    post_delete.connect(
        on_restriction_saved, sender=PageViewRestriction, dispatch_uid="catalogue-index-restriction-delete"
    )
    m2m_changed.connect(
        on_restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="catalogue-index-restriction-groups",
    )
    from .cards import invalidate_labels

    for model in TAXONOMY_MODELS:
        post_save.connect(on_taxonomy_saved, sender=model, dispatch_uid=f"catalogue-index-taxonomy-{model.__name__}")
        for signal in (post_save, post_delete):
            signal.connect(invalidate_labels, sender=model, dispatch_uid=f"catalogue-labels-{model.__name__}")
    post_save.connect(on_tag_saved, sender=Tag, dispatch_uid="catalogue-index-tag")
    for signal in (post_save, post_delete):
        signal.connect(invalidate_labels, sender=Tag, dispatch_uid=f"catalogue-labels-tag-{signal is post_save}")
