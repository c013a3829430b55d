"""Taxonomy values' names in every language, by facet and slug: one cached query for labels and matching.

Facet labels, statistics and Elasticsearch's cards look names up here by slug (the
index stores slugs and English names only), and the query expansion builds its
translated-name aliases from the same data, so both see an editor's change together:
at once in the process that saved it, within ``LABELS_TTL_SECONDS`` in the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import CharField, Value
from django.utils.translation import get_language

from ..taxonomies import TRANSLATED_LANGUAGES, language_code, name_field
from .facets import FACETS

Names = dict[str, list[tuple[str, dict[str, str]]]]

#: Taxonomy labels are cached per process this long (and dropped at once when a value is saved
#: in this process): editors rarely rename values, and the query runs on every search otherwise.
LABELS_TTL_SECONDS = 60.0
_labels_cache: dict[str, Any] = {"until": 0.0, "value": None, "generation": 0, "tags": {}, "stamp": None}


#: Other per-process memos of database rows to drop with the names (``showcase.catalogue_route``'s routes):
#: the test suite resets every process-wide cache through ``invalidate_labels`` before each test.
_also_forget: list[Callable[[], None]] = []


def forget_with_labels(forget: Callable[[], None]) -> None:
    _also_forget.append(forget)


def invalidate_labels(*_args: Any, **_kwargs: Any) -> None:
    _labels_cache["until"] = 0.0
    for forget in _also_forget:
        forget()


def labels_generation(stamp: Any) -> int:
    """The names' generation, reloaded first if the catalogue stamp moved since they were loaded.

    A rename saved in another process bumps the stamp (``showcase.stamp_signals``): a caller that
    read the stamp anyway (the catalogue's results cache) gets the new names at once, not after the
    time to live. Cached results are keyed by this generation, so they never hold older names.
    """
    if _labels_cache["stamp"] != stamp:
        invalidate_labels()
        generation = all_names()[0]
        _labels_cache["stamp"] = stamp
        return generation
    return all_names()[0]


def all_names() -> tuple[int, Names]:
    """``(generation, {facet key: [(slug, {language: name}), …]})``; the generation changes on every reload."""
    now = time.monotonic()
    if _labels_cache["value"] is None or _labels_cache["until"] < now:
        _labels_cache["value"] = load_taxonomy_labels()
        _labels_cache["until"] = now + LABELS_TTL_SECONDS
        _labels_cache["generation"] += 1
        _labels_cache["tags"] = {}
    return _labels_cache["generation"], _labels_cache["value"]


def tag_labels(slugs: Iterable[str]) -> dict[str, str]:
    """``{slug: name}`` of free tags, cached with the taxonomy names; only slugs not seen yet are queried.

    Every catalogue page shows the tag facet, so this saves a query per page; a renamed tag
    shows its new name within ``LABELS_TTL_SECONDS`` (at once in the process that saved it).
    """
    all_names()  # drops the tag names too when the time to live is over
    known: dict[str, str] = _labels_cache["tags"]
    missing = {slug for slug in slugs if slug not in known}
    if missing:
        from taggit.models import Tag

        known.update(Tag.objects.filter(slug__in=missing).values_list("slug", "name"))
    return {slug: known[slug] for slug in slugs if slug in known}


def taxonomy_labels() -> dict[str, list[tuple[str, str]]]:
    """``{facet key: [(slug, name), …]}`` with each name in the active language (English when it has none).

    Made once per generation of the names and language (every catalogue page asks): shared, never modify it.
    """
    return _by_language()[0]


def taxonomy_positions() -> dict[str, dict[str, tuple[int, str]]]:
    """``taxonomy_labels`` by slug: ``{facet key: {slug: (place in the editors' order, name)}}``; shared, never modify it.

    A page's counts name a few values of each taxonomy: looked up here, they need no walk through all of its values.
    """
    return _by_language()[1]


def _by_language() -> tuple[dict[str, list[tuple[str, str]]], dict[str, dict[str, tuple[int, str]]]]:
    language = language_code(get_language())
    generation, names_by_facet = all_names()
    made = _labels_cache.get("by_language")
    if made is None or made[0] != generation:
        made = _labels_cache["by_language"] = (generation, {})
    both = made[1].get(language)
    if both is None:
        labels = {
            key: [(slug, names.get(language) or names["en"]) for slug, names in values] for key, values in names_by_facet.items()
        }
        positions = {key: {slug: (at, name) for at, (slug, name) in enumerate(values)} for key, values in labels.items()}
        both = made[1][language] = (labels, positions)
    return both


def translate_name(facet: str, english: str, language: str | None = None) -> str:
    """A name the index stored (English) in the active language (or ``language``), for the cards Elasticsearch returns."""
    language = language_code(language or get_language())
    if language == "en" or not english:
        return english
    for _slug, names in all_names()[1].get(facet, []):
        if names["en"] == english:
            return names.get(language) or english
    return english


def load_taxonomy_labels() -> Names:
    """``{facet key: [(slug, {language: name}), …]}`` in the editors' order, for every taxonomy facet, in one query.

    The index keeps only slugs and English names; the other languages' names are looked up
    here by slug, so a translation an editor changes shows without reindexing.
    """
    querysets = []
    columns = ("facet", "slug", "sort_order", "name", *(name_field(code) for code in TRANSLATED_LANGUAGES))
    for spec in FACETS:
        if spec.kind in ("fk", "m2m") and spec.model is not None:
            querysets.append(
                spec.model._default_manager.order_by()
                .annotate(facet=Value(spec.key, output_field=CharField()))
                .values_list(*columns)
            )
    if not querysets:
        return {}
    rows = querysets[0].union(*querysets[1:], all=True)
    labels: dict[str, list[tuple[str, dict[str, str], int]]] = {}
    for key, slug, order, name, *translated in rows:
        names = {"en": name, **dict(zip(TRANSLATED_LANGUAGES, translated))}
        labels.setdefault(key, []).append((slug, names, order or 0))
    return {key: [(slug, names) for slug, names, _o in sorted(values, key=lambda v: (v[2], v[1]["en"]))] for key, values in labels.items()}
