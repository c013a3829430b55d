"""Create many live use-case pages at once, for benchmarks and load tests.

``catalogue.add_child()`` + ``save_revision().publish()`` costs dozens of
queries per page (tree bookkeeping, revision, log entry, signals, search and
reference indexing). Here the tree paths are computed directly (treebeard's
materialised path: 4 base-36 characters per level), the ``wagtailcore_page``
rows are inserted with ``bulk_create``, the ``UseCasePage`` rows of the
multi-table child with one insert per batch, then the many-to-many rows, the
tags and any view restrictions, and finally the parent's ``numchild``, all in
one transaction.

What is skipped: revisions (the admin edits such a page from its live
content), log entries, page signals, Wagtail's search index (run
``manage.py update_index`` to rebuild it), reference index
(``manage.py rebuild_references_index``) and the catalogue index: per-save
indexing is paused (``showcase.search.sync.indexing_paused``); callers index
the new cases in bulk (``showcase.search.indexing.bulk_index``, as
``demo.catalogue.generate_cases`` does) or run ``manage.py rebuild_catalogue_index``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import F
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction

from showcase.countries import region_codes_for
from showcase.models import UseCasePage, UseCaseTag
from showcase.search.sync import indexing_paused
from showcase.taxonomies import Region
from showcase.visibility import ATTENDEES, ATTENDEES_GROUP

#: The many-to-many fields a bulk case may set, by field name (values: primary keys).
M2M_FIELDS = ("use_categories", "ai_techniques", "crime_areas", "affected_persons")


@dataclass
class BulkCase:
    """One case to insert: its own field values, its relations by primary key, and its tags by name."""

    title: str
    slug: str
    first_published_at: datetime
    fields: dict[str, Any]  # UseCasePage's own fields, foreign keys as "<name>_id"
    relations: dict[str, Sequence[int]] = field(default_factory=dict)  # M2M_FIELDS -> pks
    tags: Sequence[str] = ()


def _last_child_step(parent: Page) -> int:
    last_path = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return int(last_path[-Page.steplen :], len(Page.alphabet)) if last_path else 0


def _batches(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_child_rows(pages: list[UseCasePage], using: str) -> None:
    """Insert only the showcase_usecasepage rows (the parent rows exist already)."""
    fields = [f for f in UseCasePage._meta.local_concrete_fields]
    connection = connections[using]
    batch_size = max(1, connection.ops.bulk_batch_size(fields, pages))
    for batch in _batches(pages, batch_size):
        UseCasePage._base_manager.using(using)._insert(batch, fields=fields, using=using)


def bulk_create_cases(parent: Page, cases: Sequence[BulkCase], batch_size: int = 500) -> list[int]:
    """Insert ``cases`` as live children of ``parent``; returns their page ids in order."""
    with indexing_paused():
        return _bulk_create_cases(parent, cases, batch_size)


@transaction.atomic
def _bulk_create_cases(parent: Page, cases: Sequence[BulkCase], batch_size: int) -> list[int]:
    if not cases:
        return []
    using = router.db_for_write(Page)
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(UseCasePage)
    depth = parent.depth + 1
    step = _last_child_step(parent)

    base_rows = []
    for offset, case in enumerate(cases, start=1):
        base_rows.append(
            Page(
                title=case.title,
                draft_title=case.title,
                slug=case.slug,
                content_type=content_type,
                path=Page._get_path(parent.path, depth, step + offset),
                depth=depth,
                numchild=0,
                url_path=f"{parent.url_path}{case.slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=case.first_published_at,
                last_published_at=case.first_published_at,
                locale_id=parent.locale_id,
            )
        )
    Page.objects.using(using).bulk_create(base_rows, batch_size=batch_size)
    page_ids = [row.pk for row in base_rows]
    if any(pk is None for pk in page_ids):  # a backend that cannot return ids from a bulk insert
        by_path = dict(Page.objects.filter(path__in=[r.path for r in base_rows]).values_list("path", "pk"))
        page_ids = [by_path[row.path] for row in base_rows]

    regions = dict(Region.objects.values_list("m49_code", "pk"))
    child_rows = []
    for page_id, row, case in zip(page_ids, base_rows, cases, strict=True):
        page = UseCasePage(page_ptr_id=page_id, **case.fields)
        # Parent-table values the child instance carries (not inserted again: only local fields are).
        page.path, page.depth = row.path, row.depth
        child_rows.append(page)
    _insert_child_rows(child_rows, using)

    for name in M2M_FIELDS:
        model_field = UseCasePage._meta.get_field(name)
        through = model_field.remote_field.through
        source, target = f"{model_field.m2m_field_name()}_id", f"{model_field.m2m_reverse_field_name()}_id"
        through.objects.using(using).bulk_create(
            [
                through(**{source: page_id, target: value})
                for page_id, case in zip(page_ids, cases, strict=True)
                for value in case.relations.get(name, ())
            ],
            batch_size=batch_size,
        )

    region_field = UseCasePage._meta.get_field("regions")
    region_through = region_field.remote_field.through
    source, target = f"{region_field.m2m_field_name()}_id", f"{region_field.m2m_reverse_field_name()}_id"
    region_through.objects.using(using).bulk_create(
        [
            region_through(**{source: page_id, target: regions[code]})
            for page_id, case in zip(page_ids, cases, strict=True)
            for code in region_codes_for(case.fields.get("countries") or [])
            if code in regions
        ],
        batch_size=batch_size,
    )

    tag_names = sorted({name for case in cases for name in case.tags})
    tags = {}
    for name in tag_names:
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags[name] = tag.pk
    UseCaseTag.objects.using(using).bulk_create(
        [
            UseCaseTag(content_object_id=page_id, tag_id=tags[name])
            for page_id, case in zip(page_ids, cases, strict=True)
            for name in dict.fromkeys(case.tags)
        ],
        batch_size=batch_size,
    )

    restricted = [page_id for page_id, case in zip(page_ids, cases, strict=True) if case.fields.get("visibility") == ATTENDEES]
    if restricted:
        attendees, _ = Group.objects.get_or_create(name=ATTENDEES_GROUP)
        restrictions = PageViewRestriction.objects.using(using).bulk_create(
            [PageViewRestriction(page_id=page_id, restriction_type=PageViewRestriction.GROUPS) for page_id in restricted],
            batch_size=batch_size,
        )
        if any(r.pk is None for r in restrictions):
            restrictions = list(PageViewRestriction.objects.filter(page_id__in=restricted))
        groups_through = PageViewRestriction.groups.through
        groups_through.objects.using(using).bulk_create(
            [groups_through(pageviewrestriction_id=r.pk, group_id=attendees.pk) for r in restrictions],
            batch_size=batch_size,
        )

    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(cases))
    return page_ids
