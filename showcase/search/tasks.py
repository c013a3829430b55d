"""Background tasks (django-tasks) that keep the catalogue index in step with the database.

The task is given page ids only and re-reads each page: a live case is indexed
as it is now, anything else (unpublished, deleted, not a case) is removed. So a
task is idempotent, and tasks that run late or out of order still leave the
index matching the database.
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

    report = sync_pages(page_ids)
    return {"indexed": report.indexed, "deleted": report.deleted}
