"""Background jobs (django-tasks) that keep the catalogue index in step with the database.

"Jobs", not "tasks": in this project a task is a step of the review workflow (moderation).
The job is given page ids only and re-reads each page: a live case is indexed
as it is now, anything else (unpublished, deleted, not a case) is removed. So a
job is idempotent, and jobs that run late or out of order still leave the
index matching the database. (A job queued under this module's old name,
``showcase.search.tasks``, before an upgrade fails in the worker; the drift check
that docker-compose's web container runs at start, ``catalogue_index_health --fix``,
puts the index right.)
"""

from __future__ import annotations

from django_tasks import task

from .connection import is_configured


@task()
def sync_catalogue_index(page_ids: list[int]) -> dict[str, list[int]]:
    """Index the live cases among ``page_ids``, delete the others from the index."""
    if not is_configured():
        return {"indexed": [], "deleted": []}
    from .indexing import sync_pages

    # Searchable before the job ends: its end bumps the catalogue's change stamp (showcase.stamp_signals),
    # and a page rendered from an index not yet refreshed would otherwise keep that stamp's ETag.
    report = sync_pages(page_ids, refresh=True)
    return {"indexed": report.indexed, "deleted": report.deleted}
