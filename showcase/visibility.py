"""Who may see a case: everybody, or registered attendees only.

A case's ``visibility`` field is the single thing editors and submitters set.
``apply_visibility`` turns it into a Wagtail view restriction for the
"Attendees" group, which is what Wagtail checks when it serves the page (an
anonymous visitor is sent to log in). Listings use ``visible_pages``, which
applies the same rule in SQL, so a restricted case never appears to anyone the
detail page would refuse: not in the catalogue, tag pages or counts.

https://docs.wagtail.org/en/stable/advanced_topics/privacy.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.db import connections, router
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction

if TYPE_CHECKING:
    from wagtail.models import Page

PUBLIC = "public"
ATTENDEES = "attendees"
VISIBILITY_CHOICES = [
    (PUBLIC, _("Public")),
    (ATTENDEES, _("Registered attendees only")),
]

#: The group whose members may read attendees-only cases (created by migration 0005).
ATTENDEES_GROUP = "Attendees"


def attendees_group() -> Group:
    group, _created = Group.objects.get_or_create(name=ATTENDEES_GROUP)
    return group


def apply_visibility(page: "Page") -> None:
    """Make the page's view restriction match its ``visibility`` field.

    ``attendees``: ensure a group restriction that admits the Attendees group.
    ``public``: remove the group restrictions this function manages (those that
    admit the Attendees group); restrictions an editor set by other means stay.
    Called on every full save of a ``UseCasePage`` (creation and publication).
    """
    group = attendees_group()
    managed = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.GROUPS, groups=group
    )
    if getattr(page, "visibility", PUBLIC) == ATTENDEES:
        if not managed.exists():
            restriction = PageViewRestriction(page=page, restriction_type=PageViewRestriction.GROUPS)
            restriction.save()
            restriction.groups.add(group)
    else:
        for restriction in managed:
            restriction.delete()


def refused_restrictions(user: Any) -> QuerySet[PageViewRestriction]:
    """The view restrictions this user does not pass (mirrors ``accept_request``).

    Password restrictions count as refused: a listing cannot know whether the
    visitor has entered the password in this session.
    """
    restrictions = PageViewRestriction.objects.all()
    if user is None or not user.is_authenticated:
        return restrictions
    if user.is_superuser:
        return restrictions.none()
    admitted = PageViewRestriction.objects.filter(
        restriction_type=PageViewRestriction.GROUPS, groups__in=user.groups.all()
    ).values("pk")
    return restrictions.exclude(restriction_type=PageViewRestriction.LOGIN).exclude(pk__in=admitted)


def can_see_attendee_cases(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or ATTENDEES_GROUP in group_names(user)


def group_restriction_admits(restriction: PageViewRestriction, user: Any) -> bool:
    """Whether a signed-in ``user`` passes a group restriction: Wagtail's ``accept_request`` for one, from the
    groups read once per request (``accept_request`` reads them again on every call)."""
    if user.is_superuser:
        return True
    admitted = {group.pk for group in restriction.groups.all()}
    return any(pk in admitted for pk, _name in group_memberships(user))


def group_names(user: Any) -> frozenset[str]:
    """The names of a signed-in ``user``'s groups (``group_memberships``)."""
    return frozenset(name for _pk, name in group_memberships(user))


def group_memberships(user: Any) -> tuple[tuple[int, str], ...]:
    """A signed-in ``user``'s groups as (id, name), in id order, read once per user object.

    Every signed-in request asks, several times (the search audience, attendees-only cases, the
    editors' links on a case page): one read is kept on the user object for its request, as Django keeps
    its permission cache there (``_perm_cache``). Read without building a queryset: building and
    compiling one cost several times the read (issue 20.4).
    """
    memberships = getattr(user, "_showcase_groups", None)
    if memberships is None:
        memberships = user._showcase_groups = _read_memberships(user)
    return memberships


def _read_memberships(user: Any) -> tuple[tuple[int, str], ...]:
    through = user._meta.model.groups.through  # user may be the request's lazy object: no type(user)
    meta, connection = through._meta, connections[router.db_for_read(through)]
    quote = connection.ops.quote_name
    group_id, group_name = quote(Group._meta.pk.column), quote(Group._meta.get_field("name").column)
    group_column, user_column = (quote(meta.get_field(name).column) for name in ("group", user._meta.model_name))
    sql = (f"SELECT g.{group_id}, g.{group_name} FROM {quote(meta.db_table)} m "
           f"JOIN {quote(Group._meta.db_table)} g ON g.{group_id} = m.{group_column} "
           f"WHERE m.{user_column} = %s ORDER BY 1")
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        return tuple((pk, name) for pk, name in cursor.fetchall())


def visible_pages(pages: QuerySet, user: Any) -> QuerySet:
    """``pages`` without those the user may not view.

    A page is hidden when a restriction the user does not pass sits on it or on
    one of its ancestors, and, as a second guard that does not depend on the
    restriction rows, when it is marked attendees-only and the user is not an
    attendee. Adds at most two small queries, whatever the number of pages.
    """
    if user is not None and user.is_authenticated and user.is_superuser:
        return pages
    refused = refused_restrictions(user)
    pages = pages.exclude(Exists(refused.filter(page_id=OuterRef("pk"))))
    # A restriction on a page with children (e.g. the catalogue itself) covers the subtree.
    for path in refused.filter(page__numchild__gt=0).values_list("page__path", flat=True):
        pages = pages.exclude(path__startswith=path)
    if not can_see_attendee_cases(user) and "visibility" in {f.name for f in pages.model._meta.fields}:
        pages = pages.exclude(visibility=ATTENDEES)
    return pages
