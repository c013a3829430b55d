"""The public view of a case: the explicit allow-list the API and the exports are built from.

Nothing is copied wholesale from ``UseCasePage``: every field below is listed in
``SUMMARY_FIELDS`` or ``DETAIL_FIELDS`` and built by its own ``public_<name>``
function, so a field added to the page later (or a confidential one by mistake)
never reaches a response without a reviewed change here. The organisation appears
only in its public form (``organisation_display``: the anonymised label when the
submitter asked to hide the name); the raw name and the "show the name" switch are
never exposed. Confidential data (contact person, e-mail, phone, reviewer notes)
is not on the page at all (see ``portal.models.submissions`` and ``moderation.models``).

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
from ..visibility import visible_pages

Value = dict[str, Any]

#: Taxonomy relations of a case: (public name, UseCasePage field, many values?).
TAXONOMY_RELATIONS: tuple[tuple[str, str, bool], ...] = (
    ("organisation_type", "organisation_type", False),
    ("deployment_stage", "deployment_stage", False),
    ("use_categories", "use_categories", True),
    ("ai_techniques", "ai_techniques", True),
    ("crime_areas", "crime_areas", True),
    ("affected_persons", "affected_persons", True),
    ("regions", "regions", True),
    ("risk_tier", "risk_tier_claimed", False),
    ("decision_role", "decision_role", False),
)
FOREIGN_KEYS = tuple(field for _name, field, many in TAXONOMY_RELATIONS if not many)
MANY_TO_MANY = tuple(field for _name, field, many in TAXONOMY_RELATIONS if many)

#: The long public texts of a case, shown on its page (the "public" and "summary" rows of the rubric).
LONG_TEXT_FIELDS: tuple[str, ...] = (
    "problem",
    "benefits",
    "outputs",
    "data_summary",
    "legal_basis_summary",
    "necessity_proportionality",
    "impact_assessments_summary",
    "evaluation_summary",
    "human_oversight",
    "redress_route",
    "accountable_role",
    "logging_audit_summary",
)

#: What a list item carries (a result card, plus the facet values as slugs and names).
SUMMARY_FIELDS: tuple[str, ...] = (
    "id",
    "slug",
    "url",
    "title",
    "summary",
    "content_language",
    "organisation",
    "organisation_type",
    "countries",
    "regions",
    "deployment_stage",
    "use_categories",
    "ai_techniques",
    "crime_areas",
    "affected_persons",
    "risk_tier",
    "decision_role",
    "tags",
    "attendees_only",
    "first_published_at",
    "last_published_at",
)
#: What one case carries: the summary plus every other public field.
DETAIL_FIELDS: tuple[str, ...] = (
    *SUMMARY_FIELDS,
    *LONG_TEXT_FIELDS,
    "build_approach",
    "supplier_name",
    "annex_iii_point",
)


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
    return {"slug": value.slug, "name": value.name} if value is not None else None


def _terms(page: UseCasePage, relation: str) -> list[Value]:
    values = sorted(getattr(page, relation).all(), key=lambda v: (v.sort_order or 0, v.name))
    return [{"slug": v.slug, "name": v.name} for v in values]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _url(case: PublicCase) -> str:
    page = case.page
    if case.request is not None:
        return page.get_full_url(case.request) or page.url_path
    return page.get_full_url() or page.url_path


def _countries(case: PublicCase) -> list[Value]:
    return [{"code": str(c.code), "name": str(c.name)} for c in (case.page.countries or [])]


def _choice(field: str) -> Callable[[PublicCase], Value | None]:
    def build(case: PublicCase) -> Value | None:
        code = getattr(case.page, field)
        if not code:
            return None
        return {"code": code, "label": str(getattr(case.page, f"get_{field}_display")())}

    return build


BUILDERS: dict[str, Callable[[PublicCase], Any]] = {
    "id": lambda c: c.page.pk,
    "slug": lambda c: c.page.slug,
    "url": _url,
    "title": lambda c: c.page.title,
    "summary": lambda c: c.page.summary,
    "content_language": lambda c: c.page.content_language,
    "organisation": lambda c: c.page.organisation_display,  # never the hidden name
    "countries": _countries,
    "tags": lambda c: c.tags,
    "attendees_only": lambda c: c.page.is_attendees_only,
    "first_published_at": lambda c: _iso(c.page.first_published_at),
    "last_published_at": lambda c: _iso(c.page.last_published_at),
    "build_approach": _choice("build_approach"),
    "supplier_name": lambda c: c.page.supplier_name,
    "annex_iii_point": _choice("annex_iii_point"),
}
for _name, _field, _many in TAXONOMY_RELATIONS:
    BUILDERS[_name] = (
        (lambda f: lambda c: _terms(c.page, f))(_field) if _many else (lambda f: lambda c: _term(getattr(c.page, f)))(_field)
    )
for _name in LONG_TEXT_FIELDS:
    BUILDERS[_name] = (lambda f: lambda c: getattr(c.page, f))(_name)

assert set(DETAIL_FIELDS) == set(BUILDERS), "every public field has exactly one builder"


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
