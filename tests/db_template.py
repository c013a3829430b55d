"""A test database copied from one migrated once by the harness, instead of migrated again (tools/test_db_template.py).

`make test` exports TEST_DATABASE_TEMPLATE: on PostgreSQL the name of a migrated database, on SQLite the
path of a migrated file. Each worker's test database is then a copy of it, made where Django would create
and migrate it (`DatabaseCreation.create_test_db`, called by pytest-django's `django_db_setup`), so the
rest (the worker's database name, tearing it down at the end) stays pytest-django's.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection

#: The advisory lock that takes turns at copying the template (any number no other code uses).
TEMPLATE_LOCK = 7_246_113


def copy_instead_of_migrating(template: str) -> None:
    """Make the default connection's `create_test_db` copy ``template``."""
    creation = connection.creation

    def create_test_db(verbosity: int = 1, autoclobber: bool = False, serialize: bool = True,
                       keepdb: bool = False) -> str:
        name = creation._get_test_db_name()
        if connection.vendor == "postgresql":
            _clone_postgres(template, name)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        if connection.vendor == "sqlite":
            _restore_sqlite(template)
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        call_command("createcachetable", database=connection.alias)
        connection.ensure_connection()
        return name

    creation.create_test_db = create_test_db


def _clone_postgres(template: str, name: str) -> None:
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        # PostgreSQL refuses to copy a template another worker is copying at that instant
        # ("source database is being accessed by other users"): one copy at a time (each takes a second).
        cursor.execute("SELECT pg_advisory_lock(%s)", [TEMPLATE_LOCK])
        try:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
            cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [TEMPLATE_LOCK])


def _restore_sqlite(template: str) -> None:
    connection.ensure_connection()
    source: Any = sqlite3.connect(template)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
