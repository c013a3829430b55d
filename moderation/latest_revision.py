"""A case as its latest revision has it: the answers under review, not the published ones."""

from __future__ import annotations

from typing import Any


def latest_answers_page(page: Any) -> Any:
    """The page as its latest revision has it (the answers under review), else the page itself."""
    page = page.specific
    # Read from the database, not page.latest_revision: the instance may predate the latest save.
    revision = page.revisions.order_by("-created_at", "-id").first()
    return revision.as_object() if revision is not None else page
