"""What /healthz reports: can the site serve, and is the search engine there?

Kept free of versions, host names and error texts: the endpoint is public.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)


def database_status() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means "cannot serve"
        logger.exception("Health check: the database is unreachable")
        return "unavailable"
    return "ok"


def search_status() -> dict[str, str]:
    """The catalogue's search engine: Elasticsearch when configured, else the database."""
    if not settings.ELASTICSEARCH_URL:
        return {"backend": "database", "status": "ok"}
    from elasticsearch import Elasticsearch

    try:
        client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=settings.ELASTICSEARCH_TIMEOUT)
        # Cluster health rather than ping: a node that answers but has no
        # usable shards ("red") cannot serve the catalogue either.
        timeout_ms = max(1, int(settings.ELASTICSEARCH_TIMEOUT * 1000))
        health = client.options(max_retries=0).cluster.health(timeout=f"{timeout_ms}ms")
        healthy = health.get("status") in {"green", "yellow"}
    except Exception:
        logger.exception("Health check: Elasticsearch did not answer")
        healthy = False
    # When Elasticsearch is down the catalogue falls back to the database search,
    # so the site still serves: this is "degraded", not "unavailable".
    return {"backend": "elasticsearch", "status": "ok" if healthy else "unavailable"}


def site_health() -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body): 200 while the database answers, 503 otherwise."""
    database = database_status()
    search = search_status()
    if database != "ok":
        overall = "unavailable"
    elif search["status"] != "ok":
        overall = "degraded"
    else:
        overall = "ok"
    return (200 if database == "ok" else 503), {"status": overall, "database": database, "search": search}
