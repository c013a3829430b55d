"""A function a higher app supplies to moderation at start-up, so moderation never imports that app.

Moderation sits below the portal (DESIGN.md, "Layers"), yet it needs a few
things only the portal knows: the answers of the submission behind a case,
who submitted it. Each such need is one ``Provider`` declared here in
moderation, with what it returns when nothing is registered; the portal
registers its implementation in ``PortalConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

R = TypeVar("R")


class Provider(Generic[R]):
    """One named need; ``provider(*args)`` asks the registered implementation, or returns ``default``."""

    def __init__(self, need: str, default: R) -> None:
        self.need = need
        self.default = default
        self.implementation: Callable[..., R] | None = None

    def register(self, implementation: Callable[..., R]) -> None:
        """Called by the higher app's ``ready()`` (which may run more than once in tests: the last one wins)."""
        self.implementation = implementation

    def __call__(self, *args: Any) -> R:
        if self.implementation is None:
            return self.default
        return self.implementation(*args)

    def __repr__(self) -> str:
        return f"<Provider of {self.need}: {getattr(self.implementation, '__qualname__', None)}>"
