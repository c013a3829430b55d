"""Keeping a never-published case's page row in step with its draft: write only what a save changed.

``showcase.drafts`` keeps the page row of a never-published case in step with its latest
revision (as Wagtail's edit view does for a draft). A wizard step changes a few answers; a full
``save()`` would rewrite every column, commit every child relation and many-to-many field (each
child saved again), recompute the regions and the view restriction, and have Wagtail's reference
index read the whole page again. This module compares the draft with the locked row and saves
only the columns that differ plus the relations the save changed (``save(update_fields=...)``:
``UseCasePage.save`` then recomputes the regions only when the countries changed and the view
restriction only when the visibility did), and lets Wagtail update the reference index only when
something it reads changed (the usage counts of images and snippets in the admin come from it).

https://docs.wagtail.org/en/stable/advanced_topics/reference_index.html
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.contrib.contenttypes.fields import GenericRel
from django.db.models import Model
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

def changed_columns(draft: Model, row: Model) -> list[str]:
    """The names of the concrete fields whose stored value differs between ``draft`` and ``row``."""
    changed = []
    for field in row._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.get_prep_value(field.value_from_object(draft)) != field.get_prep_value(field.value_from_object(row)):
            changed.append(field.name)
    return changed


def bears_references(model: type[Model], names: Iterable[str]) -> bool:
    """True when Wagtail's reference index reads any of these fields or child relations of ``model``.

    As ``ReferenceIndex._extract_references_from_object`` does: a foreign key (unless it or its model
    opts out), a field that extracts references (rich text, StreamField), and every child relation (it
    scans each child object: the tags' through rows give the references to tags, the images' to images).
    Many-to-many fields are not read.
    """
    if not ReferenceIndex.is_indexed(model):
        return False
    children = {relation.get_accessor_name() for relation in get_all_child_relations(model)}
    for name in names:
        if name in children:
            return True
        field = model._meta.get_field(name)
        if hasattr(field, "extract_references"):
            return True
        if field.is_relation and field.many_to_one and not _ignored(field):
            return True
    return False


def _ignored(field: Any) -> bool:
    return (
        getattr(field, "wagtail_reference_index_ignore", False)
        or getattr(field.related_model, "wagtail_reference_index_ignore", False)
        or isinstance(field, (ParentalKey, GenericRel))
    )


@contextmanager
def reference_index_update(needed: bool) -> Iterator[None]:
    """Saves inside leave Wagtail's reference index alone unless ``needed`` (nothing it reads changed)."""
    with nullcontext() if needed else disable_reference_index_auto_update():
        yield


def save_changes(draft: Model, row: Model, relations: Iterable[str]) -> list[str]:
    """Save the columns of ``draft`` that differ from ``row`` and the given changed ``relations``; the names saved.

    Nothing is saved when nothing differs. The reference index is left to the revision's save that follows
    (``reference_index_update(bears_references(...))``): this save's own update would read the page before
    its child relations are committed (they are written after ``post_save``), so tags or images would be
    missed; the revision's save comes after them.
    """
    names = [*changed_columns(draft, row), *relations]
    if names:
        with disable_reference_index_auto_update():
            draft.save(update_fields=names)
    return names
