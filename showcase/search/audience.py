"""Who may see a case, as tokens the search document stores and every query filters on.

A case's ``audience`` is the tokens a user must hold one of (``anyone``,
``authenticated``, ``group:<id>``), derived from the page's view restrictions (and
its ancestors') and its ``visibility`` field — the rule ``showcase.visibility.visible_pages``
applies in SQL. ``user_audience`` gives the tokens a user holds. Every query filters
on them, so restricted cases never reach hits, facet counts, suggestions or related cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from ..visibility import ATTENDEES, ATTENDEES_GROUP, group_memberships

ANYONE = "anyone"
AUTHENTICATED = "authenticated"


def group_token(group_id: int) -> str:
    return f"group:{group_id}"


@dataclass(frozen=True)
class Restriction:
    kind: str  # PageViewRestriction.restriction_type
    groups: frozenset[int] = frozenset()


@dataclass
class AccessContext:
    """The view restrictions that apply to each page (its own and its ancestors')."""

    restrictions: dict[int, list[Restriction]] = field(default_factory=dict)
    attendees_group_id: int | None = None

    def for_page(self, page_id: int) -> list[Restriction]:
        return self.restrictions.get(page_id, [])


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path), step)]


def access_context(pages: Iterable[Page]) -> AccessContext:
    """Restrictions of ``pages`` and their ancestors, in two queries whatever the number of pages."""
    pages = list(pages)
    by_path: dict[str, list[int]] = defaultdict(list)
    for page in pages:
        by_path[page.path].append(page.pk)
        for ancestor in _ancestor_paths(page.path):
            by_path[ancestor]  # noqa: B018  (registers the ancestor's path)
    context = AccessContext(
        attendees_group_id=Group.objects.filter(name=ATTENDEES_GROUP).values_list("pk", flat=True).first()
    )
    if not pages:
        return context
    ids = [page.pk for page in pages]
    ancestors = [path for path, own in by_path.items() if not own]
    rows = (
        PageViewRestriction.objects.filter(Q(page_id__in=ids) | Q(page__path__in=ancestors))
        .values_list("pk", "page__path", "restriction_type", "groups")
        .order_by("pk")
    )
    found: dict[int, tuple[str, str, set[int]]] = {}
    for pk, path, kind, group_id in rows:
        entry = found.setdefault(pk, (path, kind, set()))
        if group_id is not None:
            entry[2].add(group_id)
    restrictions_by_path: dict[str, list[Restriction]] = defaultdict(list)
    for path, kind, groups in found.values():
        restrictions_by_path[path].append(Restriction(kind, frozenset(groups)))
    for page in pages:
        applying: list[Restriction] = list(restrictions_by_path.get(page.path, []))
        for ancestor in _ancestor_paths(page.path):
            applying.extend(restrictions_by_path.get(ancestor, []))
        context.restrictions[page.pk] = applying
    return context


def audience_for(restrictions: list[Restriction], visibility: str, attendees_group_id: int | None) -> list[str]:
    """The tokens of which a user must hold one to see the case (superusers see everything).

    Exact for the restrictions the site creates (one group restriction per attendees-only
    case, or a login restriction); when several group restrictions combine, only the groups
    common to all of them are admitted, which can hide a case from someone Wagtail would
    admit but never shows one to someone it would refuse.
    """
    tokens: set[str]
    if any(r.kind == PageViewRestriction.PASSWORD for r in restrictions):
        tokens = set()  # a listing cannot know the password was entered: superusers only
    else:
        group_sets = [r.groups for r in restrictions if r.kind == PageViewRestriction.GROUPS]
        if group_sets:
            tokens = {group_token(g) for g in frozenset.intersection(*group_sets)}
        elif any(r.kind == PageViewRestriction.LOGIN for r in restrictions):
            tokens = {AUTHENTICATED}
        else:
            tokens = {ANYONE}
    if visibility == ATTENDEES:
        attendees = group_token(attendees_group_id) if attendees_group_id is not None else None
        if tokens & {ANYONE, AUTHENTICATED}:
            tokens = {attendees} if attendees else set()
        else:
            tokens = tokens & {attendees} if attendees else set()
    return sorted(tokens)


def user_audience(user: Any) -> list[str] | None:
    """The tokens ``user`` holds; None for a superuser (no filter at all)."""
    if user is None or not user.is_authenticated:
        return [ANYONE]
    if user.is_superuser:
        return None
    # The groups are read once per request (``group_memberships``): the results cache's key, the search and
    # the case page's fragments each ask.
    return [ANYONE, AUTHENTICATED, *(group_token(pk) for pk, _name in group_memberships(user))]
