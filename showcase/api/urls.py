"""URLs of the JSON API and exports (mounted under /api/ by portal/urls.py): version 1 at /api/v1/.

Every URL ninja makes (endpoints, the OpenAPI schema, the docs page) is wrapped here, so
none escapes the rate limit or the conditional GET: counted first, then validated.
"""

from django.urls import URLPattern, path

from .conditional import conditional
from .endpoints import api
from .ratelimit import rate_limited


def _guarded(patterns: list) -> list:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = rate_limited(conditional(pattern.callback))
    return patterns


_patterns, _app_name, _namespace = api.urls

urlpatterns: list = [
    path("v1/", (_guarded(list(_patterns)), _app_name, _namespace)),
]
