"""Running the judged set through the catalogue's own search, as an anonymous visitor: needs Django set up.

Each query goes through the entry point the catalogue page uses
(``showcase.search.request_from_params`` + ``run_search``), default sort
(relevance), first page; the first ``K`` hits are compared with the judged cases.
The judged keys are resolved against the demo content (``demo.catalogue.demo_cases``),
so the relevant cases of a query are known without the database; the hits are
mapped back to the same slugs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from demo.catalogue import demo_cases
from showcase.models import UseCasePage
from showcase.search import BACKEND_DATABASE, BACKEND_ELASTICSEARCH, request_from_params, run_search
from showcase.visibility import PUBLIC

from .relevance_metrics import K, QueryResult
from .relevance_queries import JUDGED, Judged


@dataclass(frozen=True)
class Named:
    """The public demo cases a judged key names: wanted, and acceptable (other-language versions)."""

    wanted: tuple[str, ...]
    acceptable: tuple[str, ...] = ()


def public_cases_by_key() -> dict[str, Named]:
    """Each judged key (a scenario key or a case slug) → the slugs of the public demo cases it names."""
    wanted: dict[str, list[str]] = defaultdict(list)
    acceptable: dict[str, list[str]] = defaultdict(list)
    cases = demo_cases()
    clashes = {case.scenario.key for case in cases} & {case.slug for case in cases}
    if clashes:
        raise ValueError(f"scenario keys that are also case slugs: {sorted(clashes)}")
    for case in cases:
        if case.visibility != PUBLIC:
            continue
        wanted[case.slug].append(case.slug)
        (wanted if case.language == "en" else acceptable)[case.scenario.key].append(case.slug)
    return {key: Named(tuple(slugs), tuple(acceptable.get(key, ()))) for key, slugs in wanted.items()}


def judged_slugs(judged: Judged, by_key: dict[str, Named]) -> tuple[list[str], list[str]]:
    """The slugs of the cases ``judged`` must find, and of those it may find without reward or penalty."""
    wanted: list[str] = []
    acceptable: list[str] = []
    for key in judged.relevant:
        if key not in by_key:
            raise KeyError(f"{judged.text!r}: {key!r} is neither a scenario nor a public demo case")
        wanted.extend(slug for slug in by_key[key].wanted if slug not in wanted)
        acceptable.extend(slug for slug in by_key[key].acceptable if slug not in acceptable)
    return wanted, [slug for slug in acceptable if slug not in wanted]


def search_as_visitor(text: str, backend: str) -> tuple[list[str], int]:
    """The slugs of the first K cases an anonymous visitor gets for ``text``, and how many matched."""
    forced = BACKEND_DATABASE if backend == BACKEND_DATABASE else None
    results = run_search(request_from_params({"q": text}), None, backend=forced)
    if results.backend != backend or results.notice:
        # Elasticsearch down or its index missing: the page fell back to the database search.
        raise RuntimeError(f"{text!r}: answered by {results.backend} ({results.notice or 'no notice'}), not {backend}")
    page_ids = [hit.page_id for hit in results.hits[:K]]
    slugs = dict(UseCasePage.objects.filter(pk__in=page_ids).values_list("pk", "slug"))
    return [slugs[pk] for pk in page_ids], results.total


def run_judged_set(backend: str, judged: Sequence[Judged] = JUDGED) -> list[QueryResult]:
    """Every judged query on ``backend`` (``"elasticsearch"`` or ``"database"``) over the seeded demo catalogue."""
    if backend not in (BACKEND_ELASTICSEARCH, BACKEND_DATABASE):
        raise ValueError(backend)
    by_key = public_cases_by_key()
    results = []
    for item in judged:
        ranked, total = search_as_visitor(item.text, backend)
        wanted, acceptable = judged_slugs(item, by_key)
        results.append(QueryResult(item.text, item.category, wanted, ranked, total, acceptable))
    return results
