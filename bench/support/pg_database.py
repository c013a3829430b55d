"""A throw-away PostgreSQL database for a benchmark: a copy of the harness's migrated template when there is one."""

from __future__ import annotations

import os


def create_database(server_url: str, name: str) -> None:
    """Create ``name``; under `make test` (a benchmark's short form) copy the migrated template instead of migrating.

    Migrating from nothing took the short forms a third of their time; the copies take turns under an
    advisory lock because PostgreSQL refuses two copies of one template at once.
    """
    import psycopg

    template = os.environ.get("TEST_DATABASE_TEMPLATE", "") if os.environ.get("DATABASE_URL") else ""
    with psycopg.connect(server_url, autocommit=True) as conn:
        if template and not template.endswith(".sqlite3"):
            from tests.db_template import TEMPLATE_LOCK

            conn.execute("SELECT pg_advisory_lock(%s)", [TEMPLATE_LOCK])
            try:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", [TEMPLATE_LOCK])
        else:
            conn.execute(f'CREATE DATABASE "{name}"')
