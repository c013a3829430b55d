"""Demo accounts for local use: one per role, in the groups that role needs.

The catalogue and the submissions are in ``demo.catalogue`` and ``demo.submissions`` (see seed_demo). Idempotent: an account or
group that exists is kept as it is (passwords are not reset).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from portal.models import User, normalise_email

ATTENDEES = "Attendees"  # showcase.visibility.ATTENDEES_GROUP
EDITORS = "Editors"  # created by Wagtail's initial migration
REVIEWERS = "Reviewers"
ORGANISERS = "Meeting organisers"  # portal.meetings.organisers.ORGANISERS


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    groups: tuple[str, ...] = ()
    is_superuser: bool = False
    first_name: str = "Demo"


DEMO_ADMIN = DemoLogin("administrator", "admin@example.org", "demo-admin-pass", is_superuser=True)
DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DEMO_ADMIN,
    DemoLogin("editor", "editor@example.org", "demo-editor-pass", groups=(EDITORS,)),
    DemoLogin("reviewer", "reviewer@example.org", "demo-reviewer-pass", groups=(REVIEWERS,)),
    DemoLogin("submitter", "submitter@example.org", "demo-submitter-pass"),
    DemoLogin("attendee", "attendee@example.org", "demo-attendee-pass", groups=(ATTENDEES,)),
    DemoLogin("meeting organiser", "organiser@example.org", "demo-organiser-pass", groups=(ORGANISERS,)),
)


def ensure_demo_admin() -> tuple[User, bool]:
    """The demo administrator; created once, left alone afterwards (idempotent)."""
    return ensure_demo_user(DEMO_ADMIN)


def ensure_demo_user(login: DemoLogin) -> tuple[User, bool]:
    user = User.objects.filter(email=normalise_email(login.email)).first()
    created = user is None
    if created:
        make = User.objects.create_superuser if login.is_superuser else User.objects.create_user
        user = make(
            login.email,
            login.password,
            first_name=login.first_name,
            last_name=login.role.capitalize(),
            is_staff=login.is_superuser or bool(set(login.groups) & {EDITORS, REVIEWERS}),
        )
        # Demo addresses cannot receive mail: treat them as confirmed.
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    for name in login.groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user, created


def ensure_role_groups() -> None:
    """Editors and Reviewers may enter the Wagtail admin; Attendees exists for restricted cases.

    Page permissions on the catalogue are granted by demo.catalogue (which knows
    the catalogue); the moderation workflow refines the reviewers' rights later.
    """
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name in (EDITORS, REVIEWERS):
        Group.objects.get_or_create(name=name)[0].permissions.add(access_admin)
    Group.objects.get_or_create(name=ATTENDEES)


def ensure_demo_users() -> list[tuple[DemoLogin, bool]]:
    """Every demo account; returns (login, created) pairs."""
    ensure_role_groups()
    return [(login, ensure_demo_user(login)[1]) for login in DEMO_LOGINS]


def demo_logins() -> list[DemoLogin]:
    return list(DEMO_LOGINS)
