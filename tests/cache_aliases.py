"""A cache alias that the test settings switch off (DummyCache), switched on for one test."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.cache import BaseCache, caches


def switched_on(settings, alias: str) -> Iterator[BaseCache]:  # noqa: ANN001 (pytest-django's settings fixture)
    """Use as ``yield from switched_on(settings, "reader_fragments")`` in a fixture: a local memory cache, empty."""
    settings.CACHES = {
        **settings.CACHES,
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"test-{alias}"},
    }
    caches[alias].clear()
    yield caches[alias]
    caches[alias].clear()
