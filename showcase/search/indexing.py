"""Writing the catalogue index: documents from the database, bulk loads, single cases kept in step.

The database is the source of truth; everything here derives the index from it
and can be re-run at any time:

* ``index_actions(queryset, index)`` — the documents of many cases, read a chunk at a
  time as plain rows (``CaseRow``) with their relations in a fixed number of queries;
* ``sync_pages(ids)`` — index the live cases among ``ids`` and delete the others
  (what the signal-driven job runs; idempotent, so jobs may arrive out of order).
  It never creates the index: an index holding only the cases synced so far would be
  served as if complete. Until the first rebuild, searches answer from the database;
* ``bulk_index()`` — many cases at once into the existing index (after a bulk import).

Rebuilding the index with no downtime, and finding and fixing drift, is ``rebuild``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk, streaming_bulk

from ..models import UseCaseImage, UseCasePage, UseCaseTag
from ..public_fields import RELATIONS as PUBLIC_RELATIONS
from .audience import AccessContext, access_context
from .connection import alias_name, indexing_client
from .documents import PUBLIC_DOCUMENT_FIELDS, CasePreparer, index_for

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500


def indexable_cases() -> QuerySet[UseCasePage]:
    """The cases the index should hold: every live use case (access is a field of the document)."""
    return UseCasePage.objects.live()


#: The many-to-many relations the document holds (read in bulk, see ``_with_document_data``).
RELATIONS = tuple(r.attribute for r in PUBLIC_RELATIONS if r.many)
_PAGE_COLUMNS = {field.attname for field in UseCasePage._meta.concrete_fields}
#: The page columns the preparers read (the other long texts are not loaded): the document's
#: public text and dates, the slugs of the single-valued relations, and what
#: ``organisation_display``, the card and the access fields need.
ROW_COLUMNS: tuple[str, ...] = (
    "pk", "url_path", "path", "organisation_name", "show_organisation_name", "countries", "visibility",
    *(f.attribute for f in PUBLIC_DOCUMENT_FIELDS if f.kind in ("text", "date") and f.attribute in _PAGE_COLUMNS),
    *(column for r in PUBLIC_RELATIONS if not r.many for column in (f"{r.attribute}_id", f"{r.attribute}__slug")),
    "organisation_type__anonymised_label", "deployment_stage__name",
)  # fmt: skip


OWN_COLUMNS = tuple(name for name in ROW_COLUMNS if "__" not in name)
RELATED_COLUMNS: dict[str, list[tuple[str, str]]] = {}
for _column in ROW_COLUMNS:
    if "__" in _column:
        _relation, _attribute = _column.split("__", 1)
        RELATED_COLUMNS.setdefault(_relation, []).append((_attribute, _column))


class CaseRow:
    """A live case read as plain values, with the attributes the preparers use.

    Building 100,000 ``UseCasePage`` instances (and their related objects) is most of a
    rebuild's cost; the preparers only read attributes, so a row with the same names
    serves (``organisation_display`` is the model's own property, applied to the row).
    """

    def __init__(self, values: dict[str, Any]) -> None:
        for name in OWN_COLUMNS:
            setattr(self, name, values[name])
        for relation, columns in RELATED_COLUMNS.items():
            related = None
            if values[f"{relation}_id"]:
                related = SimpleNamespace(**{attribute: values[column] for attribute, column in columns})
            setattr(self, relation, related)
        self.organisation_display = UseCasePage.organisation_display.fget(self)  # type: ignore[attr-defined]

    def get_url(self) -> str:
        return self.url_path


def _with_document_data(queryset: QuerySet[UseCasePage]) -> list[Any]:
    """The cases as rows with everything their documents need, in a fixed number of queries.

    The many-to-many values, tags, pictures and URLs are loaded with plain value queries
    and attached (``_catalogue_*``).
    """
    pages: list[Any] = [CaseRow(values) for values in queryset.values(*ROW_COLUMNS)]
    if not pages:
        return pages
    ids = [page.pk for page in pages]
    by_id = {page.pk: page for page in pages}
    # A range is far cheaper to compile and run than ``IN (<500 ids>)``; rows of pages in
    # the range that are not in this chunk are skipped below.
    low, high = min(ids), max(ids)
    for page in pages:
        page._catalogue_relations = {name: [] for name in RELATIONS}
        page._catalogue_tags = []
    for name in RELATIONS:
        model_field = UseCasePage._meta.get_field(name)
        source, target = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
        rows = model_field.remote_field.through.objects.filter(
            **{f"{source}_id__gte": low, f"{source}_id__lte": high}
        ).values_list(f"{source}_id", f"{target}__slug", f"{target}__name", f"{target}__sort_order")
        for page_id, slug, value_name, order in rows:
            if page_id in by_id:
                by_id[page_id]._catalogue_relations[name].append((slug, value_name, order or 0))
    with_images = set(
        UseCaseImage.objects.filter(page_id__gte=low, page_id__lte=high).values_list("page_id", flat=True)
    )
    for page in pages:
        page._catalogue_has_image = page.pk in with_images
    for page_id, slug in UseCaseTag.objects.filter(
        content_object_id__gte=low, content_object_id__lte=high
    ).values_list("content_object_id", "tag__slug"):
        if page_id in by_id:
            by_id[page_id]._catalogue_tags.append(slug)
    _attach_urls(pages)
    return pages


def _attach_urls(pages: list[UseCasePage]) -> None:
    """Relative URLs from the URL paths, as ``Page.get_url()`` gives them on a one-site install."""
    from django.urls import reverse
    from wagtail.models import Site

    root_paths = Site.get_site_root_paths()
    if len(root_paths) != 1:
        return  # several sites: get_url() per page decides (absolute URLs)
    root = root_paths[0].root_path
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):  # stored without a language prefix
        serve_prefix = reverse("wagtail_serve", args=("",))
    for page in pages:
        if page.url_path.startswith(root):
            page._catalogue_url = serve_prefix + page.url_path[len(root) :]


def _chunks_by_pk(queryset: QuerySet[UseCasePage], size: int) -> Iterator[list[UseCasePage]]:
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        last = ids[-1]
        yield _with_document_data(queryset.filter(pk__gte=ids[0], pk__lte=last).order_by("pk"))


def documents(pages: Iterable[UseCasePage], access: AccessContext | None = None) -> Iterator[dict[str, Any]]:
    pages = list(pages)
    preparer = CasePreparer(access or access_context(pages))
    for page in pages:
        yield preparer.prepare(page)


def index_actions(queryset: QuerySet[UseCasePage], index: str, size: int = CHUNK_SIZE) -> Iterator[dict[str, Any]]:
    for chunk in _chunks_by_pk(queryset, size):
        for doc in documents(chunk):
            yield {"_op_type": "index", "_index": index, "_id": doc["page_id"], "_source": doc}


# --- The alias -----------------------------------------------------------------------------


def current_indices(client: Elasticsearch) -> list[str]:
    """The concrete indices behind the alias (normally one)."""
    try:
        return sorted(client.indices.get_alias(name=alias_name()).body)
    except NotFoundError:
        return []


def index_exists(client: Elasticsearch) -> bool:
    alias = alias_name()
    return bool(client.indices.exists_alias(name=alias) or client.indices.exists(index=alias))


def create_index(client: Elasticsearch, name: str, **settings: Any) -> None:
    index = index_for(name)
    if settings:
        index.settings(**settings)
    index.create(using=client)


def refresh(client: Elasticsearch | None = None) -> None:
    (client or indexing_client()).indices.refresh(index=alias_name())


# --- Syncing single cases ----------------------------------------------------------------------


@dataclass
class SyncReport:
    indexed: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


def sync_pages(page_ids: Iterable[int], client: Elasticsearch | None = None, refresh: bool = False) -> SyncReport:
    """Make the index agree with the database for these pages: index the live cases, delete the rest."""
    client = client or indexing_client()
    ids = sorted({int(pk) for pk in page_ids})
    report = SyncReport()
    if not ids:
        return report
    alias = alias_name()
    if not index_exists(client):
        # Only a rebuild creates the index: one made here would hold only these cases, and the
        # catalogue would serve it as if it were complete. Until then searches use the database.
        logger.warning("No catalogue index %s yet; run `manage.py rebuild_catalogue_index`.", alias)
        return report
    actions: list[dict[str, Any]] = []
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        pages = _with_document_data(indexable_cases().filter(pk__in=chunk))
        for doc in documents(pages):
            actions.append({"_op_type": "index", "_index": alias, "_id": doc["page_id"], "_source": doc})
            report.indexed.append(doc["page_id"])
        live = {page.pk for page in pages}
        for pk in chunk:
            if pk not in live:
                actions.append({"_op_type": "delete", "_index": alias, "_id": pk})
                report.deleted.append(pk)
    _, errors = bulk(client, actions, raise_on_error=False, refresh=refresh)
    real_errors = [e for e in errors if not ("delete" in e and e["delete"].get("status") == 404)]
    if real_errors:
        raise RuntimeError(f"Elasticsearch refused {len(real_errors)} index updates: {real_errors[:3]}")
    return report


def delete_pages(page_ids: Iterable[int], client: Elasticsearch | None = None) -> None:
    client = client or indexing_client()
    actions = [{"_op_type": "delete", "_index": alias_name(), "_id": int(pk)} for pk in page_ids]
    if actions:
        bulk(client, actions, raise_on_error=False)


def bulk_index(queryset: QuerySet[UseCasePage] | None = None, client: Elasticsearch | None = None) -> int:
    """Index many cases into the existing index at once (after a bulk import with per-save indexing paused)."""
    client = client or indexing_client(timeout=60)
    alias = alias_name()
    if not index_exists(client):
        logger.warning("No catalogue index %s yet; run `manage.py rebuild_catalogue_index`.", alias)
        return 0
    count = 0
    for ok, item in streaming_bulk(
        client, index_actions(queryset if queryset is not None else indexable_cases(), alias), chunk_size=CHUNK_SIZE
    ):
        count += ok
    return count
