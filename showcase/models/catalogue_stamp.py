"""One row that changes whenever what an anonymous reader sees of the catalogue may have changed.

HTTP validators (``ETag``, ``Last-Modified``) of the public pages are derived from it
(``showcase.http_cache``), so answering "has anything changed?" costs one primary-key
read instead of a search. It lives in the database, not in Django's cache, because
every gunicorn worker must see a bump at once (the default cache is per process).
The bump runs in the same transaction as the change, so a reader never sees the new
stamp with the old content.
"""

from __future__ import annotations

import contextvars
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, models, router, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

STAMP_ID = 1

#: The stamp this request read first, kept while it is served (set and read through ``showcase.search.stamp``;
#: here, beside the row, so that the models' own per-stamp memos can read it without importing the search layer).
REQUEST_STAMP: contextvars.ContextVar[tuple[int, datetime | None] | None] = contextvars.ContextVar(
    "catalogue_request_stamp", default=None
)


class CatalogueStamp(models.Model):
    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("catalogue change stamp")
        verbose_name_plural = _("catalogue change stamps")

    def __str__(self) -> str:
        return f"{self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


def current_stamp() -> tuple[int, datetime | None]:
    """(version, changed at) of the catalogue; (0, None) before its first change.

    Read on almost every request (issue 20.4), so by a prepared statement rather than a queryset: building
    and compiling the queryset cost ten times the read itself. The value is the one the ORM gives: SQLite
    returns the date as text, which is parsed and made aware in the connection's zone as Django's own
    converter does; PostgreSQL returns it aware.
    """
    connection = connections[router.db_for_read(CatalogueStamp)]
    if connection.health_check_enabled and not connection.health_check_done and not connection.in_atomic_block:
        return _read_as_health_check(connection)
    return _read(connection)


def _read_as_health_check(connection) -> tuple[int, datetime | None]:  # noqa: ANN001
    """The stamp read as the request's check of its persistent connection (``CONN_HEALTH_CHECKS``).

    Django checks a reused connection with a ``SELECT 1`` before the request's first statement: one more
    round trip on every page, and the stamp read is that first statement on nearly all of them. A read-only
    statement can be sent again: a connection the server dropped since the last request (a restart, an idle
    timeout) fails this read, is closed and the read made once more on a new one, which is what Django's
    check would have done before it.
    """
    connection.health_check_done = True
    try:
        return _read(connection)
    except (InterfaceError, OperationalError):
        connection.close()
        return _read(connection)


def _read(connection) -> tuple[int, datetime | None]:  # noqa: ANN001
    with connection.cursor() as cursor:
        cursor.execute(_read_sql(connection), [STAMP_ID])
        row = cursor.fetchone()
    if row is None:
        return (0, None)
    version, changed_at = row
    if isinstance(changed_at, str):
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and settings.USE_TZ and timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, connection.timezone)
    return (int(version), changed_at)


def _read_sql(connection) -> str:  # noqa: ANN001
    quote, meta = connection.ops.quote_name, CatalogueStamp._meta
    return (f"SELECT {quote(meta.get_field('version').column)}, {quote(meta.get_field('changed_at').column)} "
            f"FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s")


def bump_stamp() -> None:
    """Mark the catalogue changed, now.

    ``changed_at`` moves on by at least one whole second each time: ``Last-Modified`` has
    one-second precision, so two changes within one second must still give two different dates.
    ``version`` moves on by a random step: a bump rolled back with its transaction and the next
    real one must not give the same stamp, or an answer cached (ETag, results, routes) under the
    rolled-back stamp would be taken for the current one.
    """
    now = timezone.now().replace(microsecond=0) + timedelta(seconds=1)
    with transaction.atomic():
        stamp = CatalogueStamp.objects.select_for_update().filter(pk=STAMP_ID).first()
        if stamp is None:
            CatalogueStamp.objects.get_or_create(pk=STAMP_ID, defaults={"version": 1, "changed_at": now})
            return
        stamp.version += 1 + secrets.randbelow(2**31)
        stamp.changed_at = max(now, stamp.changed_at + timedelta(seconds=1))
        stamp.save(update_fields=["version", "changed_at"])
