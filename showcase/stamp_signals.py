"""What bumps the catalogue's change stamp (``CatalogueStamp``), and so every public page's ETag.

Deliberately broad: any save or deletion of a page (publish, unpublish, move, a draft of a
published case, a visibility change by code; not the saves of a never-published draft, see
``is_private_draft_save``), a view restriction or its groups, a site, a taxonomy value, a tag, an
image, a document (a meeting's reports) or a thesaurus entry; the end of a search-index update
(Elasticsearch follows a publication a moment later, in a background task, and a page rendered in
between must not be revalidated forever); and every ``migrate`` (a deployment may change the markup).
A bump too many costs one 200 instead of a 304; a bump too few would show a stale page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django_tasks.signals import task_finished
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import MeetingSession, ThesaurusEntry
from .models.catalogue_stamp import bump_stamp
from .taxonomies import TAXONOMY_MODELS

logger = logging.getLogger(__name__)

#: The background task whose end means "the search index now shows the change".
INDEX_TASK_PREFIX = "showcase.search.jobs."


def on_change(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or str(kwargs.get("action", "post_")).startswith("pre_"):  # fixtures; before an m2m change
        return
    bump_stamp()


def on_page_change(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    # Connected without a sender (every page type); historical models in migrations are not Pages.
    if isinstance(instance, Page) and not is_private_draft_save(instance, kwargs.get("signal")):
        on_change(sender, **kwargs)


def is_private_draft_save(page: Page, signal: Any) -> bool:
    """A save of a page that was never published (a submitter's wizard step): on no public page, in no search.

    Not a bump: during a session-start rush, submitters' saves several times a second would otherwise
    move the stamp under every reader and empty every cache keyed by it (issue 20). Its publication
    (``page_published``, and the save with ``live``), an unpublish or a deletion still bump.
    """
    return signal is post_save and not page.live and page.first_published_at is None


def on_index_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if task_result.task.module_path.startswith(INDEX_TASK_PREFIX):
        bump_stamp()


def on_migrate(sender: Any, **kwargs: Any) -> None:
    try:
        bump_stamp()
    except DatabaseError:  # migrating only some apps, before this table exists
        logger.info("Catalogue stamp not bumped: its table is not there yet.")


def connect(app_config: Any) -> None:
    """Called from ``ShowcaseConfig.ready()``."""
    for signal in (post_save, post_delete):
        signal.connect(on_page_change, dispatch_uid=f"catalogue-stamp-page-{id(signal)}")
        # Site: its hostname or root page decides every address (and showcase.catalogue_route remembers routes).
        # An image: the catalogue's cards remember its thumbnail's tag per stamp (showcase.search.card_images).
        # A document: a past meeting's page lists its reports by the documents' titles and addresses.
        # A meeting's session: its end is read with the meetings' call dates per stamp (showcase.call_dates); a
        # publication writes the sessions after the page row (and MeetingPage.save re-derives stored ones).
        # A promotion: the questions promoted for are remembered per stamp (showcase.search.analytics).
        for model in (PageViewRestriction, Site, Tag, ThesaurusEntry, get_image_model(), get_document_model(),
                      MeetingSession, SearchPromotion, *TAXONOMY_MODELS):
            signal.connect(on_change, sender=model, dispatch_uid=f"catalogue-stamp-{model.__name__}-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(on_change, dispatch_uid=f"catalogue-stamp-{id(signal)}")
    m2m_changed.connect(on_change, sender=PageViewRestriction.groups.through, dispatch_uid="catalogue-stamp-groups")
    task_finished.connect(on_index_task_finished, dispatch_uid="catalogue-stamp-index")
    post_migrate.connect(on_migrate, sender=app_config, dispatch_uid="catalogue-stamp-migrate")


def follow_model(model: Any) -> None:
    """Bump the stamp on every save or deletion of ``model``: for apps above whose rows show on public pages.

    Moderation's correction notes and replies are shown on the case page (a template tag of moderation's);
    without this, the stored anonymous page and its ETag would outlive a note made public.
    """
    for signal in (post_save, post_delete):
        signal.connect(on_change, sender=model, dispatch_uid=f"catalogue-stamp-{model._meta.label}-{id(signal)}")
