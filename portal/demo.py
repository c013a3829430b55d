"""Demo accounts for local use. Each app adds its own demo content (see seed_demo)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import User


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_ADMIN = DemoLogin("administrator", "admin@example.org", "demo-admin-pass")


def ensure_demo_admin() -> tuple[User, bool]:
    """The demo administrator; created once, left alone afterwards (idempotent)."""
    user = User.objects.filter(email__iexact=DEMO_ADMIN.email).first()
    if user is not None:
        return user, False
    user = User.objects.create_superuser(
        DEMO_ADMIN.email, DEMO_ADMIN.password, first_name="Demo", last_name="Administrator"
    )
    return user, True


def demo_logins() -> list[DemoLogin]:
    return [DEMO_ADMIN]
