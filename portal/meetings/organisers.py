"""The "Meeting organisers" group: they enter the Wagtail admin and vet registrations, nothing more.

Created (if missing) after every ``migrate``, like the review groups
(``moderation.setup``): ``PortalConfig.ready`` connects ``after_migrate``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

ORGANISERS = "Meeting organisers"
DECIDE_PERMISSION = "portal.decide_meeting_registration"


def ensure_organisers_group() -> Group:
    group = Group.objects.get_or_create(name=ORGANISERS)[0]
    wanted = Permission.objects.filter(
        content_type__app_label__in=("wagtailadmin", "portal"),
        codename__in=("access_admin", "decide_meeting_registration"),
    )
    group.permissions.add(*wanted)
    return group


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    create_permissions(sender, verbosity=0, using=using)
    ensure_organisers_group()


def may_decide(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(DECIDE_PERMISSION))
