"""The database backend's text matching and ranking: the query's concepts, most of them required.

The same expansion as Elasticsearch (``expansion.expand``: thesaurus terms and
spelling corrections); each concept is one query of Wagtail's database search
(SQLite FTS5 or PostgreSQL full text) for any of its alternatives, every word of
an alternative required (``Or`` of ``PlainText(…, operator="and")``). A case must
match ``expansion.required`` of the concepts; it ranks by how many it matches,
and higher when they are in its title or summary, or the whole question is in
its title; then the newest first.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from ..models import UseCasePage
from ..thesaurus_terms import fold, normalise
from . import postgres_fts, sqlite_fts
from .id_sets import ids_condition
from .expansion import Concept, expand, required

TITLE_WEIGHT = 3
SUMMARY_WEIGHT = 1
WHOLE_QUESTION_IN_TITLE = 4


def concept_cases(concept: Concept) -> Any:
    """A queryset of the ids of live cases that say the concept in any of its ways."""
    alternatives = [PlainText(text, operator="and") for text in concept.alternatives]
    query = alternatives[0] if len(alternatives) == 1 else Or(alternatives)
    results = get_search_backend().search(query, UseCasePage.objects.live(), order_by_relevance=False)
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is None:  # Wagtail found nothing to search for
        return UseCasePage.objects.none().values("pk")
    return get_queryset().order_by().values("pk")


def direct_matches(concept: Concept) -> set[int] | None:
    """The ids of the indexed cases (drafts too) that say the concept, read from Wagtail's index tables
    with a query its database can serve from an index (``sqlite_fts``, ``postgres_fts``); None elsewhere."""
    if sqlite_fts.available():
        return sqlite_fts.matching_ids(concept.alternatives, UseCasePage)
    if postgres_fts.available():
        return postgres_fts.matching_ids(concept.alternatives, UseCasePage)
    return None


def concept_members(concept: Concept) -> set[int]:
    """The ids of the cases that say the concept (``within`` later keeps only the visible live ones)."""
    direct = direct_matches(concept)
    return direct if direct is not None else set(concept_cases(concept).values_list("pk", flat=True))


class Wording:
    """The words of a query's concepts, tested against a text all at once (``found``: a bit per word).

    A concept is said when every word of one of its alternatives is somewhere in the (folded)
    text. A typed word and a written one are the same word when both have five letters or more
    and share the first five (crude stemming: "recognition" / "recognised"), or when they are
    equal without a trailing "s" ("car" / "cars"). The texts are searched as they are, not split
    into words: splitting thousands of titles and summaries per query was most of the ranking's
    time at 10,000 cases. Each distinct word is tested once per text.
    """

    def __init__(self, concepts: list[Concept]) -> None:
        index: dict[str, int] = {}
        self.tests: list[tuple[int, WordTest]] = []
        #: Per concept, one mask per alternative: the bits of its words.
        self.masks: list[tuple[int, ...]] = []
        for concept in concepts:
            masks = []
            for text in concept.alternatives:
                mask = 0
                for word in text.split():
                    if word not in index:
                        index[word] = len(index)
                        self.tests.append((1 << index[word], WordTest(word)))
                    mask |= 1 << index[word]
                masks.append(mask)
            self.masks.append(tuple(masks))

    def found(self, folded: str) -> int:
        bits = 0
        for bit, test in self.tests:
            if test.found(folded):
                bits |= bit
        return bits

    def says(self, concept: int, found: int) -> bool:
        return any(mask & found == mask for mask in self.masks[concept])


class Said(Wording):
    """One concept's ``Wording``: does a (folded) text say it?"""

    def __init__(self, concept: Concept) -> None:
        super().__init__([concept])

    def says_in(self, folded: str) -> bool:
        return self.says(0, self.found(folded))


class WordTest:
    """Is a written word ``typed``, in the sense of ``Said``? (Words are runs of ``\\w``.)"""

    def __init__(self, typed: str) -> None:
        bare = typed.rstrip("s")
        same = (re.escape(bare) + "s*" if bare else "s+") + r"(?!\w)"  # equal but for trailing s
        if len(typed) >= 5:  # or the same first five letters
            same = f"(?:{re.escape(typed[:5])}|{same})"
        self.pattern = re.compile(r"(?<!\w)" + same)
        # Text every such word contains: the five letters, or the word without its trailing s.
        self.needle = typed[:5] if len(bare) >= 5 else (bare or "s")

    def found(self, folded: str) -> bool:
        return self.needle in folded and self.pattern.search(folded) is not None


def folded(text: str) -> str:
    """The text as ``words`` sees it: folded, an underscore a separator like any other."""
    return fold(text).replace("_", " ")


def question_pattern(question: str) -> re.Pattern[str]:
    """``question`` (normalised words) inside the title's normalised words (``normalise(title)``)."""
    return re.compile(r"\W+".join(re.escape(w) for w in question.split()))


def score(title: str, summary: str, wording: Wording, matched: list[int], question: re.Pattern[str] | None) -> int:
    """Points of a case that says the concepts ``matched`` (their indexes in ``wording``)."""
    title = folded(title)
    in_title, in_summary = wording.found(title), None
    points = len(matched) * 2
    for concept in matched:
        if wording.says(concept, in_title):
            points += TITLE_WEIGHT
            continue
        in_summary = in_summary if in_summary is not None else wording.found(folded(summary))
        if wording.says(concept, in_summary):
            points += SUMMARY_WEIGHT
    if len(wording.masks) > 1 and question is not None and question.search(title):
        points += WHOLE_QUESTION_IN_TITLE
    return points


def ranked_matches(query: str, within: QuerySet) -> list[int] | None:
    """The ids of the cases of ``within`` matching ``query``, best first (None: the query has no words).

    ``within`` is the cases the visitor may see: only those are ever read or returned.
    """
    concepts = expand(query)
    if not concepts:
        return None
    if len(concepts) == 1 and not (sqlite_fts.available() or postgres_fts.available()):
        # One concept: its cases are the candidates; read them in the same query (one round trip).
        members: list[set[int]] | None = None
        rows = within.filter(pk__in=concept_cases(concepts[0]))
    else:
        members = [concept_members(concept) for concept in concepts]
        counts = Counter(pk for ids in members for pk in ids)
        need = required(len(concepts))
        candidates = {pk for pk, n in counts.items() if n >= need}
        if not candidates:
            return []
        rows = within.filter(ids_condition(candidates))
    question = normalise(query)
    wording = Wording(concepts)
    whole = question_pattern(question) if question else None
    every = list(range(len(concepts)))
    # The publication time as the database writes it in UTC (ISO 8601, SQLite's text or PostgreSQL's
    # text form in the connection's UTC): sorts as the times do, without a datetime per row.
    published = Cast("first_published_at", output_field=CharField())
    ranked = []
    for pk, title, summary, when in rows.order_by().values_list("pk", "title", "summary", published):
        matched = every if members is None else [i for i, ids in enumerate(members) if pk in ids]
        ranked.append((score(title, summary or "", wording, matched, whole), when or "", pk))
    ranked.sort(reverse=True)
    return [pk for _points, _published, pk in ranked]
