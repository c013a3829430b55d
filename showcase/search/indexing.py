"""Writing the catalogue index: documents from the database, bulk loads, zero-downtime rebuilds, drift.

The database is the source of truth; everything here derives the index from it
and can be re-run at any time:

* ``sync_pages(ids)`` — index the live cases among ``ids`` and delete the others
  (what the signal-driven task runs; idempotent, so tasks may arrive out of order).
  It never creates the index: an index holding only the cases synced so far would be
  served as if complete. Until the first rebuild, searches answer from the database;
* ``rebuild()`` — a new timestamped index loaded in bulk, then one atomic
  ``update_aliases`` (remove old + add new) and the old index dropped; searches go
  to the alias throughout, so they never see a half-built index; changes made
  while it ran are caught up from the database before the old index goes;
* ``find_drift()`` / ``fix_drift()`` — compare the database's live cases (id, last
  publication, audience, URL path) with the index.

Shape of the rebuild: elasticsearch-py's alias-migration example.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk, scan, streaming_bulk

from ..models import UseCaseImage, UseCasePage, UseCaseTag
from ..public_fields import RELATIONS as PUBLIC_RELATIONS
from .audience import AccessContext, access_context, audience_for
from .connection import alias_name, indexing_client, new_index_name
from .documents import PUBLIC_DOCUMENT_FIELDS, CasePreparer, index_for

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
Progress = Callable[[int, int], None]


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


# --- Rebuild -------------------------------------------------------------------------------------


def _load_overlapped(client: Elasticsearch, actions: Iterable[dict[str, Any]], chunk_size: int) -> Iterator[int]:
    """Bulk-send ``actions`` in chunks from two worker threads while this thread builds the next chunks.

    The documents are built here (this thread's database connection sees this transaction;
    a worker's would not), only the HTTP requests run in the workers. Yields the number
    of documents indexed as each request completes; raises on the first refused document.
    """
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    def send(chunk: list[dict[str, Any]]) -> int:
        indexed, errors = bulk(client, chunk, raise_on_error=False, max_retries=2, chunk_size=len(chunk))
        if errors:
            raise RuntimeError(f"Elasticsearch refused {len(errors)} documents: {errors[:2]}")
        return indexed

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="catalogue-bulk") as pool:
        pending: set[Any] = set()
        chunk: list[dict[str, Any]] = []
        for action in actions:
            chunk.append(action)
            if len(chunk) >= chunk_size:
                pending.add(pool.submit(send, chunk))
                chunk = []
                if len(pending) >= 2:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield future.result()
        if chunk:
            pending.add(pool.submit(send, chunk))
        for future in pending:
            yield future.result()


@dataclass
class RebuildReport:
    index: str
    count: int
    seconds: float
    removed: list[str]
    caught_up: int

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else float("inf")


def rebuild(
    *,
    keep_old: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
    grace_seconds: float = 1.0,
    client: Elasticsearch | None = None,
) -> RebuildReport:
    """Build a fresh index in bulk, swap the alias atomically, catch up, drop the old index."""
    client = client or indexing_client(timeout=120)
    started = time.perf_counter()
    alias = alias_name()
    name = new_index_name()
    create_index(client, name, refresh_interval="-1")  # no refreshes while loading; one at the end
    total = indexable_cases().count()
    done = 0
    try:
        for sent in _load_overlapped(client, index_actions(indexable_cases(), name, chunk_size), chunk_size):
            done += sent
            if progress:
                progress(done, total)
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
        client.indices.refresh(index=name)
    except BaseException:
        client.options(ignore_status=404).indices.delete(index=name)
        raise
    old = current_indices(client)
    actions: list[dict[str, Any]] = [{"remove": {"index": o, "alias": alias}} for o in old]
    if not old and client.indices.exists(index=alias):
        # A concrete index squatting the alias's name: replaced in the same atomic step.
        actions.append({"remove_index": {"index": alias}})
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    elapsed = time.perf_counter() - started
    # Pages published, moved or deleted while the new index was loading went to the old one.
    caught_up = fix_drift(client).changed
    removed: list[str] = []
    if not keep_old and old:
        time.sleep(grace_seconds)  # let searches already sent to the old index finish
        for old_index in old:
            client.options(ignore_status=404).indices.delete(index=old_index)
            removed.append(old_index)
    return RebuildReport(index=name, count=done, seconds=elapsed, removed=removed, caught_up=caught_up)


# --- Drift ---------------------------------------------------------------------------------------


@dataclass
class Drift:
    missing: list[int]  # live in the database, absent from the index
    stale: list[int]  # in both, but the index holds an older publication, audience or URL
    extra: list[int]  # in the index, not live in the database
    checked: int = 0
    changed: int = 0  # set by fix_drift

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def _signature(last_published: Any, audience: Iterable[str], url_path: str) -> tuple[str, tuple[str, ...], str]:
    value = last_published.isoformat() if hasattr(last_published, "isoformat") else (last_published or "")
    return (value, tuple(sorted(audience)), url_path or "")


def expected_signatures(size: int = 2000) -> dict[int, tuple[str, tuple[str, ...], str]]:
    expected = {}
    queryset = indexable_cases().only("pk", "path", "url_path", "last_published_at", "visibility")
    last = 0
    while True:
        pages = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not pages:
            return expected
        last = pages[-1].pk
        access = access_context(pages)
        for page in pages:
            audience = audience_for(access.for_page(page.pk), page.visibility, access.attendees_group_id)
            expected[page.pk] = _signature(page.last_published_at, audience, page.url_path)


def indexed_signatures(client: Elasticsearch) -> dict[int, tuple[str, tuple[str, ...], str]]:
    found = {}
    for hit in scan(
        client,
        index=alias_name(),
        query={"query": {"match_all": {}}, "_source": ["last_published_at", "audience", "url_path"]},
        size=2000,
    ):
        source = hit.get("_source", {})
        found[int(hit["_id"])] = _signature(
            source.get("last_published_at"), source.get("audience") or [], source.get("url_path", "")
        )
    return found


def find_drift(client: Elasticsearch | None = None) -> Drift:
    client = client or indexing_client(timeout=60)
    expected = expected_signatures()
    try:
        actual = indexed_signatures(client)
    except NotFoundError:
        actual = {}
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    stale = sorted(pk for pk in set(expected) & set(actual) if expected[pk] != actual[pk])
    return Drift(missing=missing, stale=stale, extra=extra, checked=len(expected))


def fix_drift(client: Elasticsearch | None = None, drift: Drift | None = None) -> Drift:
    client = client or indexing_client(timeout=60)
    drift = drift or find_drift(client)
    ids = [*drift.missing, *drift.stale, *drift.extra]
    if ids:
        sync_pages(ids, client=client)
        client.indices.refresh(index=alias_name())
    drift.changed = len(ids)
    return drift
