"""The API's per-client rate limit: every URL under ``/api/v1/`` counts, 429 with ``Retry-After`` beyond it.

A client is the signed-in account (``user:<pk>``) or, for anonymous callers, the IP
address (``REMOTE_ADDR`` only: ``X-Forwarded-For`` is whatever the caller writes unless
a trusted proxy sets it). Fixed windows of ``API_RATE_LIMIT_WINDOW`` seconds; at most
``API_RATE_LIMIT_ANONYMOUS`` / ``API_RATE_LIMIT_SIGNED_IN`` requests in each. The docs
page and the OpenAPI schema count too (they are requests like any other; nothing
under the API is exempt, so a new endpoint cannot be forgotten).

Counting needs a store shared by every worker process. The portal's attempt counters
(a database table) are that store; showcase cannot import the portal, so the portal
registers its counter here (``register_counter`` in ``PortalConfig.ready``). Without
one, Django's cache counts (per process with the default local-memory cache).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

#: (scope, identity, limit, window seconds) -> (allowed, seconds until the window ends).
Counter = Callable[[str, str, int, int], tuple[bool, int]]

DEFAULTS = {"API_RATE_LIMIT_ANONYMOUS": 120, "API_RATE_LIMIT_SIGNED_IN": 600, "API_RATE_LIMIT_WINDOW": 60}


def cache_counter(scope: str, identity: str, limit: int, window: int) -> tuple[bool, int]:
    """A fixed-window counter in Django's cache (used when no shared counter is registered)."""
    now = int(time.time())
    start = now - now % window
    key = "api-rate:" + hashlib.sha256(f"{scope}:{identity}:{start}".encode()).hexdigest()
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit, start + window - now


_counter: list[Counter] = [cache_counter]


def register_counter(counter: Counter) -> None:
    _counter[:] = [counter]


def setting(name: str) -> int:
    """A limit from the settings; a missing, zero or negative value means the safe default."""
    value = getattr(settings, name, None)
    return value if isinstance(value, int) and value > 0 else DEFAULTS[name]


def client_of(request: HttpRequest) -> tuple[str, str, int]:
    """(scope, identity, limit) of the caller: per account when signed in, per IP address otherwise."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "api-signed-in", f"user:{user.pk}", setting("API_RATE_LIMIT_SIGNED_IN")
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return "api-anonymous", f"ip:{address}", setting("API_RATE_LIMIT_ANONYMOUS")


def too_many_requests(limit: int, window: int, retry_after: int) -> HttpResponse:
    seconds = max(1, retry_after)
    message = _(
        "Too many requests: at most %(limit)d requests in %(window)d seconds per client. "
        "Try again in %(seconds)d seconds."
    ) % {"limit": limit, "window": window, "seconds": seconds}
    response = JsonResponse({"detail": message}, status=429)
    response["Retry-After"] = str(seconds)
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Count the request against its client before ``view`` runs; refuse it beyond the limit."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scope, identity, limit = client_of(request)
        window = setting("API_RATE_LIMIT_WINDOW")
        allowed, retry_after = _counter[0](scope, identity, limit, window)
        if not allowed:
            return too_many_requests(limit, window, retry_after)
        return view(request, *args, **kwargs)

    return wrapped
