"""Django's database sessions, with the one read every signed-in request makes done by a prepared statement.

``SESSION_ENGINE = "portal.sessions"``. Everything else (creating, saving, rotating, deleting, expiring,
clearing) is Django's ``db`` backend unchanged; only the read of a session by its key is written here:
building and compiling its queryset cost several times the read itself, on every signed-in request of a
session-start rush (issue 20.4). Same rows, same rule (a session past ``expire_date`` is not found), same
outcome for an unknown or malformed key (no session; the key is forgotten, as Django does).
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        connection = connections[router.db_for_read(model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_read_sql(connection, model), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])


def _read_sql(connection: Any, model: Any) -> str:
    quote, meta = connection.ops.quote_name, model._meta
    column = lambda name: quote(meta.get_field(name).column)  # noqa: E731
    return (f"SELECT {column('session_data')} FROM {quote(meta.db_table)} "
            f"WHERE {column('session_key')} = %s AND {column('expire_date')} > %s")
