"""The catalogue stamp read is the request's check of its persistent connection (``CONN_HEALTH_CHECKS``):
no ``SELECT 1`` before it, and a connection the server dropped is replaced without an error page
(showcase/models/catalogue_stamp.py)."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from showcase.models.catalogue_stamp import bump_stamp, current_stamp

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.embedded]


@pytest.fixture
def health_checked():
    """A persistent connection as a new request finds it: checks on, not yet checked in this request."""
    enabled = connection.health_check_enabled
    connection.ensure_connection()
    connection.health_check_enabled = True
    connection.close_at = None  # persistent (CONN_MAX_AGE), as in production; the suite's would close at once
    connection.close_if_unusable_or_obsolete()  # what request_started does: the next statement is checked
    assert connection.connection is not None and connection.health_check_done is False
    yield
    connection.health_check_enabled = enabled


def test_the_stamp_read_replaces_djangos_select_1(health_checked, monkeypatch):
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)
    bump_stamp()  # a write inside a transaction: Django's own check runs for it (not the stamp read)
    checks.clear()
    connection.close_if_unusable_or_obsolete()
    stamp = current_stamp()
    assert stamp[0] > 0 and checks == []
    assert connection.health_check_done is True  # the rest of the request is not checked again
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:  # a request whose first statement is another: Django checks it as before
        cursor.execute("SELECT 1")
    assert checks == [1]


@pytest.mark.postgres
def test_a_connection_the_server_dropped_is_replaced_and_the_stamp_still_read(health_checked):
    bump_stamp()
    expected = current_stamp()
    connection.close_if_unusable_or_obsolete()
    before = connection.connection.info.backend_pid
    dsn = connection.connection.info.dsn
    with psycopg.connect(dsn, password=connection.settings_dict.get("PASSWORD") or None, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [before])
    assert current_stamp() == expected
    assert connection.connection.info.backend_pid != before

