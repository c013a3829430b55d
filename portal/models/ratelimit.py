"""Attempt counters for logging in and registering: per IP address and per account.

Why our own ~60 lines rather than django-axes: we limit two things (failed
log-ins and registrations) with the same rule, and axes' authentication
backend refuses every ``authenticate()`` call made without a request, which
the rest of the project (and Django's test client) relies on. Counters live in
the database, not the local-memory cache, so the limit holds across gunicorn
workers and survives restarts, with no extra service.

Fixed windows: at most ``limit`` attempts per key in each window of
``window`` seconds. Old windows are pruned when a new one starts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone


class RateLimitCounter(models.Model):
    key = models.CharField(max_length=64)  # a hash: addresses and e-mails are not stored in clear
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="portal_ratelimit_key_window")]


@dataclass(frozen=True)
class Limit:
    scope: str  # e.g. "login-ip"
    limit: int
    window: int  # seconds


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends

    @property
    def retry_after_minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy sets it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(limit: Limit, identity: str) -> str:
    return hashlib.sha256(f"{limit.scope}:{identity.strip().lower()}".encode()).hexdigest()


def _window_start(limit: Limit, now: datetime) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % limit.window, tz=now.tzinfo)


def _verdict(limit: Limit, now: datetime, count: int) -> Verdict:
    end = _window_start(limit, now) + timedelta(seconds=limit.window)
    return Verdict(allowed=count <= limit.limit, retry_after=int((end - now).total_seconds()) + 1)


def peek(limit: Limit, identity: str) -> Verdict:
    """Whether one more attempt would still be within the limit, without counting one."""
    now = timezone.now()
    row = RateLimitCounter.objects.filter(key=_key(limit, identity), window_start=_window_start(limit, now)).first()
    return _verdict(limit, now, (row.count if row else 0) + 1)


def hit(limit: Limit, identity: str) -> Verdict:
    """Count one attempt; the verdict says whether it was within the limit."""
    now = timezone.now()
    key, start = _key(limit, identity), _window_start(limit, now)
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(key=key, window_start=start, count=1)
            except IntegrityError:  # another request created it a moment ago
                RateLimitCounter.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
            RateLimitCounter.objects.filter(window_start__lt=now - timedelta(days=1)).delete()
    count = RateLimitCounter.objects.filter(key=key, window_start=start).values_list("count", flat=True).first() or 0
    return _verdict(limit, now, count)


def reset(limit: Limit, identity: str) -> None:
    RateLimitCounter.objects.filter(key=_key(limit, identity)).delete()
