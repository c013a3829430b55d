"""The public view of a case for the API and the exports, built from ``showcase.public_fields``.

``SUMMARY_FIELDS`` (a list item) and ``DETAIL_FIELDS`` (one case) come from the
declaration, and every value is built by the builder of its field's kind, so
nothing is copied wholesale from ``UseCasePage``. Confidential data (contact person,
e-mail, phone, reviewer notes) is not on the page at all (see
``portal.models.submissions`` and ``moderation.models``).

Pages are loaded in chunks with every relation the allow-list needs in a fixed
number of queries (``load_cases``), so a page of results and a 100,000-case export
cost the same per case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from ..models import UseCasePage, UseCaseTag
from ..public_fields import PUBLIC_FIELDS, RELATIONS, PublicField, Relation
from ..visibility import visible_pages

Value = dict[str, Any]

FOREIGN_KEYS = tuple(r.attribute for r in RELATIONS if not r.many)
MANY_TO_MANY = tuple(r.attribute for r in RELATIONS if r.many)

#: What a list item carries (a result card, plus the facet values as slugs and names).
SUMMARY_FIELDS: tuple[str, ...] = tuple(field.name for field in PUBLIC_FIELDS if field.in_list)
#: What one case carries: every public field.
DETAIL_FIELDS: tuple[str, ...] = tuple(field.name for field in PUBLIC_FIELDS)


class PublicCase:
    """A loaded page plus the relations fetched in bulk; ``field(name)`` gives one allowed value."""

    def __init__(self, page: UseCasePage, tags: list[Value], request: HttpRequest | None) -> None:
        self.page = page
        self.tags = tags
        self.request = request

    def field(self, name: str) -> Any:
        return BUILDERS[name](self)

    def as_dict(self, names: Sequence[str]) -> Value:
        return {name: self.field(name) for name in names}


def _term(value: Any) -> Value | None:
    return {"slug": value.slug, "name": value.localized_name} if value is not None else None


def _terms(page: UseCasePage, relation: str) -> list[Value]:
    values = sorted(getattr(page, relation).all(), key=lambda v: (v.sort_order or 0, v.name))
    return [{"slug": v.slug, "name": v.localized_name} for v in values]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _url(case: PublicCase) -> str:
    page = case.page
    if case.request is not None:
        return page.get_full_url(case.request) or page.url_path
    return page.get_full_url() or page.url_path


def _countries(case: PublicCase) -> list[Value]:
    return [{"code": str(c.code), "name": str(c.name)} for c in (case.page.countries or [])]


def _builder(field: PublicField) -> Callable[[PublicCase], Any]:
    """How the value of ``field`` is read from a loaded case, by its kind."""
    name = field.attribute
    if isinstance(field, Relation):
        if field.many:
            return lambda case: _terms(case.page, name)
        return lambda case: _term(getattr(case.page, name))
    if field.kind == "choice":
        return lambda case: _choice(case.page, name)
    if field.kind == "date":
        return lambda case: _iso(getattr(case.page, name))
    special: dict[str, Callable[[PublicCase], Any]] = {
        "url": _url, "countries": _countries, "tags": lambda case: case.tags,
    }  # fmt: skip
    return special.get(field.kind, lambda case: getattr(case.page, name))


def _choice(page: UseCasePage, name: str) -> Value | None:
    code = getattr(page, name)
    if not code:
        return None
    return {"code": code, "label": str(getattr(page, f"get_{name}_display")())}


BUILDERS: dict[str, Callable[[PublicCase], Any]] = {field.name: _builder(field) for field in PUBLIC_FIELDS}


def _pages(ids: Sequence[int], user: Any) -> QuerySet[UseCasePage]:
    return (
        visible_pages(UseCasePage.objects.live(), user)
        .filter(pk__in=list(ids))
        .select_related(*FOREIGN_KEYS)
        .prefetch_related(*MANY_TO_MANY)
    )


def _tags(ids: Sequence[int]) -> dict[int, list[Value]]:
    tags: dict[int, list[Value]] = defaultdict(list)
    rows = (
        UseCaseTag.objects.filter(content_object_id__in=list(ids))
        .order_by("tag__name", "tag__slug")
        .values_list("content_object_id", "tag__slug", "tag__name")
    )
    for page_id, slug, name in rows:
        tags[page_id].append({"slug": slug, "name": name})
    return tags


def load_cases(ids: Sequence[int], user: Any, request: HttpRequest | None = None) -> list[PublicCase]:
    """The live cases with these ids that ``user`` may see, in this order.

    The ids come from the search layer, which already applies ``showcase.visibility``;
    the rule is applied again here (one subquery) so that a stale search index, e.g. a
    case made attendees-only a second ago, can never leak a case.
    """
    if not ids:
        return []
    pages = {page.pk: page for page in _pages(ids, user)}
    tags = _tags(ids)
    return [PublicCase(pages[pk], tags.get(pk, []), request) for pk in ids if pk in pages]


def public_dicts(ids: Sequence[int], names: Sequence[str], user: Any, request: HttpRequest | None = None) -> list[Value]:
    return [case.as_dict(names) for case in load_cases(ids, user, request)]


def chunked(ids: Iterable[int], size: int) -> Iterable[list[int]]:
    chunk: list[int] = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
