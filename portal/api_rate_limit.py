"""The API's rate limit counts in the portal's attempt counters (shared by every worker, kept across restarts).

Registered in ``PortalConfig.ready`` with ``showcase.api.ratelimit.register_counter``
(showcase cannot import the portal).
"""

from __future__ import annotations

from .models import ratelimit


def count_api_request(scope: str, identity: str, limit: int, window: int) -> tuple[bool, int]:
    verdict = ratelimit.hit(ratelimit.Limit(scope, limit, window), identity)
    return verdict.allowed, verdict.retry_after
