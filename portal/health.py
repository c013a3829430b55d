"""What /healthz reports: can the site serve, is the search engine there, does the scheduler run?

Kept free of versions, host names and error texts: the endpoint is public.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .scheduler import configured_jobs, overdue

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


def scheduler_status() -> str:
    """``ok``; ``late`` when a job is overdue by more than ``SCHEDULER_LATE_AFTER`` seconds (the scheduler
    stopped: nothing is published at its go-live time, no e-mail is retried); ``not seen`` before any run."""
    grace = timedelta(seconds=settings.SCHEDULER_LATE_AFTER)
    try:
        seen, late = overdue(configured_jobs(), timezone.now(), grace)
    except Exception:  # the database answered "SELECT 1" a moment ago; anything else is a scheduler question
        logger.exception("Health check: the scheduler's runs could not be read")
        return "unknown"
    if late:
        return "late"
    return "ok" if seen else "not seen"


def site_health() -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body): 200 while the database answers, 503 otherwise."""
    database = database_status()
    search = search_status()
    if database != "ok":
        return 503, {"status": "unavailable", "database": database, "search": search}
    scheduler = scheduler_status()
    if search["status"] != "ok" or scheduler == "late":
        overall = "degraded"
    else:
        overall = "ok"
    return 200, {"status": overall, "database": database, "search": search, "scheduler": scheduler}
