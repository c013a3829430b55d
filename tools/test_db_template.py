#!/usr/bin/env python
"""Migrate one test database to clone from: `python tools/test_db_template.py NAME` (`--drop NAME` after the run) (run by tools/run_tests.py).

Migrating from scratch (every migration, the post-migrate set-up) costs ~18 s of CPU per database, and
`make test` needs four: one per pytest-xdist worker on PostgreSQL, one per worker on SQLite. The harness
runs this once per database kind (both at once, a core each); the workers copy the result instead of
migrating (tests/conftest.py, `django_db_modify_db_settings`): PostgreSQL `CREATE DATABASE … TEMPLATE`,
SQLite's backup API into the worker's in-memory database. NAME is the PostgreSQL database to create
(DATABASE_URL set) or the SQLite file to write (DATABASE_URL unset). The database is made exactly as
pytest-django makes a test database: Django's `create_test_db` (migrate with run_syncdb, the cache table).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.db import connection

    if args[0] == "--drop":  # after the run (PostgreSQL: the cluster may be one that outlives it)
        connection.creation._destroy_test_db(args[1], verbosity=0)
        return 0
    connection.settings_dict.setdefault("TEST", {})["NAME"] = args[0]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
