"""Rebuilding the catalogue index with no downtime, and finding and fixing drift.

* ``rebuild()`` — a new timestamped index loaded in bulk, then one atomic
  ``update_aliases`` (remove old + add new) and the old index dropped; searches go
  to the alias throughout, so they never see a half-built index; changes made
  while it ran are caught up from the database before the old index goes;
* ``find_drift()`` / ``fix_drift()`` — compare the database's live cases (id, last
  publication, audience, URL path) with the index.

Shape of the rebuild: elasticsearch-py's alias-migration example.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk, scan

from .audience import access_context, audience_for
from .connection import alias_name, indexing_client, new_index_name
from .indexing import CHUNK_SIZE, create_index, current_indices, index_actions, indexable_cases, sync_pages

Progress = Callable[[int, int], None]


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
