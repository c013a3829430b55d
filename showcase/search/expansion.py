"""What a query means: its words grouped into concepts, each with the other ways of saying it.

Both backends search with the same expansion, computed here in Python when the
query arrives, so the thesaurus editors keep (``showcase.models.ThesaurusEntry``)
takes effect on the next query without reindexing, and the embedded database
search gets the same synonyms as Elasticsearch. (Elasticsearch's search-time
synonym filters would need the synonyms API — 8.10+ — and a reload per change,
and would still leave the database backend without them.)

``expand("ANPR stolen cars")`` → three concepts: ``anpr`` (alternatives: the
equivalent terms "licence plate recognition", "lpr"…), ``stolen`` and ``cars``
(each only itself, plus any one-way expansion). Phrases of the thesaurus are
found longest first. A word that no case, taxonomy value, tag or thesaurus term
contains (a typo) gets the closest known words as alternatives (``difflib``
over a vocabulary built once per catalogue change). Stop words of English, French and Spanish count only
inside a thesaurus phrase. A case must match most concepts (``required``).

Taxonomy values' French, Spanish and Arabic names join the thesaurus as one-way
expansions to the English name the index holds (``taxonomy_aliases``), so
"reconnaissance faciale" finds the cases tagged "Facial recognition (…)" on both
backends without a multilingual index.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Max

from ..models import ThesaurusEntry, UseCasePage
from ..taxonomies import TAXONOMY_MODELS, TRANSLATED_LANGUAGES, name_field
from ..thesaurus_terms import normalise, words
from .stopwords import STOP_WORDS
from .stamp import known_stamp, stamp_now
from .taxonomy_names import all_names, forget_with_labels

#: Longest thesaurus phrase looked for in a query, in words.
MAX_PHRASE_WORDS = 8
#: At most this many words of a query are expanded (a pasted paragraph stays cheap).
MAX_CONCEPTS = 12
#: Alternatives per concept: the phrase itself first, then thesaurus terms and corrections.
MAX_ALTERNATIVES = 16
#: difflib's similarity ratio a known word needs to stand in for an unknown one.
CORRECTION_CUTOFF = 0.8


@dataclass(frozen=True)
class Concept:
    typed: str  # the words of the query this concept stands for (normalised)
    alternatives: tuple[str, ...]  # ``typed`` first, then other ways of saying it
    corrected: bool = False  # an alternative is a spelling correction


def key(phrase: Iterable[str]) -> str:
    """A phrase's lookup key: plural ``s`` of longer words dropped (``plates`` finds ``plate``)."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in phrase)


def required(concepts: int) -> int:
    """How many concepts a case must match: all of up to two, then three quarters (Elasticsearch's ``2<75%``)."""
    return concepts if concepts <= 2 else max(2, (concepts * 3) // 4)


# --- Cached data: the thesaurus and the vocabulary, rebuilt when their signature changes ------------


class Cached:
    """A value rebuilt only when ``signature()`` changes (one small query per search)."""

    def __init__(self, signature, build) -> None:
        self._signature, self._build = signature, build
        self._value: tuple[object, object] | None = None
        self._lock = threading.Lock()

    def clear(self) -> None:
        self._value = None

    def get(self):
        signature = self._signature()
        current = self._value
        if current is not None and current[0] == signature:
            return current[1]
        with self._lock:
            current = self._value  # another thread may have built it while this one waited for the lock
            if current is not None and current[0] == signature:
                return current[1]
            value = self._build()
            self._value = (signature, value)
            return value


#: (catalogue stamp, the entries' count and latest change) of the last check made during a catalogue request.
_checked: list[tuple] = []


def _entries_signature() -> tuple:
    """The active entries' count and latest change; not asked again while this request's stamp is the last check's.

    Every thesaurus entry saved or deleted bumps the catalogue stamp (``showcase.stamp_signals``),
    and the stamp was read before this request read anything else (``search.stamp``).
    """
    known = known_stamp()
    if known is not None and _checked and _checked[0][0] == known:
        return _checked[0][1]
    entries = tuple(ThesaurusEntry.objects.filter(active=True).aggregate(n=Count("pk"), at=Max("updated_at")).values())
    if known is not None:
        _checked[:] = [(known, entries)]
    return entries


forget_with_labels(_checked.clear)


def thesaurus_signature() -> tuple:
    entries = _entries_signature()
    # Taxonomy names come from the facet labels' cache (no query here): its generation changes when
    # a value is saved in this process, or after its time to live in the others.
    return (*entries, all_names()[0])


def core(name: str) -> str:
    """A taxonomy name without its parenthesised qualifier: "Facial recognition (real-time)" → "Facial recognition"."""
    return name.split("(", 1)[0]


def taxonomy_aliases() -> dict[str, list[str]]:
    """Key of a translated taxonomy name (whole, and without its qualifier) → the English name(s) it stands for."""
    found: dict[str, list[str]] = {}
    for values in all_names()[1].values():
        for _slug, names in values:
            english = names["en"]
            for name in filter(None, (names.get(code) for code in TRANSLATED_LANGUAGES)):
                for source, target in ((name, english), (core(name), core(english))):
                    alias, meaning = words(source), normalise(target)
                    if alias and meaning and key(alias) != key(meaning.split()):
                        bucket = found.setdefault(key(alias), [])
                        if meaning not in bucket:
                            bucket.append(meaning)
    return found


def build_thesaurus() -> dict[str, tuple[str, ...]]:
    """Key of a term → the terms a query with it also looks for (equivalents, or the one-way expansion)."""
    found: dict[str, list[str]] = taxonomy_aliases()
    for entry in ThesaurusEntry.objects.filter(active=True).only("terms", "expands_to"):
        terms, targets = entry.term_list(), entry.expansion_list()
        for term in terms:
            others = targets or [t for t in terms if t != term]
            bucket = found.setdefault(key(term.split()), [])
            bucket.extend(t for t in others if t not in bucket and t != term)
    return {k: tuple(v) for k, v in found.items()}


def vocabulary_signature() -> tuple:
    """The catalogue's change stamp: the vocabulary is rebuilt once after a change, in every process.

    Every page save, taxonomy value, tag and thesaurus entry bumps the stamp (``showcase.stamp_signals``),
    in the same transaction. (Rebuilt every few minutes instead, the vocabulary cost one visitor in
    each process a quarter of a second at 10,000 cases, and a correction could lag a new case.)
    During a catalogue request it is the stamp the request read first (``stamp.stamp_now``, no second
    read): a vocabulary built after that read is at least as fresh as it; the next stamp rebuilds it.
    """
    return stamp_now()


def build_vocabulary() -> frozenset[str]:
    """Every word of the live cases' titles and summaries, taxonomy names, tags and thesaurus terms."""
    found: set[str] = set()
    for title, summary in _live_titles_and_summaries():
        found.update(words(f"{title} {summary}"))
    for model in TAXONOMY_MODELS:
        for names in model.objects.values_list("name", *(name_field(c) for c in TRANSLATED_LANGUAGES)):
            found.update(w for name in names for w in words(name or ""))
    from taggit.models import Tag  # taggit's model; imported here with the others it needs loaded

    found.update(w for name in Tag.objects.values_list("name", flat=True) for w in words(name))
    for phrase, others in THESAURUS.get().items():
        found.update(phrase.split())
        found.update(w for other in others for w in other.split())
    return frozenset(w for w in found if len(w) > 2 and not w.isdigit())


#: Rows per query while the vocabulary reads the cases.
VOCABULARY_CHUNK = 5000


def _live_titles_and_summaries() -> Iterator[tuple[str, str]]:
    """Every live case's title and summary, read in primary-key order a chunk per query.

    Not ``.iterator()``: outside a transaction, Django declares PostgreSQL's server-side cursor
    ``WITH HOLD``, which PostgreSQL fills in full through a temporary file before the first row: at
    100,000 cases that took minutes, under the lock every other search of the process waits on.
    """
    after = 0
    while True:
        later = UseCasePage.objects.live().filter(pk__gt=after).order_by("pk")
        rows = list(later.values_list("pk", "title", "summary")[:VOCABULARY_CHUNK])
        for _pk, title, summary in rows:
            yield title, summary
        if len(rows) < VOCABULARY_CHUNK:
            return
        after = rows[-1][0]


THESAURUS = Cached(thesaurus_signature, build_thesaurus)
VOCABULARY = Cached(vocabulary_signature, build_vocabulary)


def forget_taxonomy_names(**kwargs: object) -> None:
    """A taxonomy value saved or deleted in this process: its words join the vocabulary at once."""
    VOCABULARY.clear()


def forget_vocabulary(**kwargs: object) -> None:
    """A case saved, published or unpublished in this process: its words count from the next query."""
    VOCABULARY.clear()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    post_save.connect(forget_vocabulary, sender=UseCasePage, dispatch_uid="catalogue-vocabulary-save")
    page_published.connect(forget_vocabulary, dispatch_uid="catalogue-vocabulary-publish")
    page_unpublished.connect(forget_vocabulary, dispatch_uid="catalogue-vocabulary-unpublish")
    for model in TAXONOMY_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(forget_taxonomy_names, sender=model, dispatch_uid=f"catalogue-taxonomy-names-{model.__name__}")


# --- Expansion ----------------------------------------------------------------------------------------


def corrections(word: str, vocabulary: frozenset[str]) -> list[str]:
    """Known words spelled like an unknown ``word`` (none for known, short or numeric words)."""
    if len(word) < 4 or not word.isalpha() or word in vocabulary or key([word]) in vocabulary:
        return []
    return difflib.get_close_matches(word, vocabulary, n=2, cutoff=CORRECTION_CUTOFF)


def _concept(typed: str, thesaurus: dict[str, tuple[str, ...]], vocabulary: frozenset[str]) -> Concept:
    alternatives = [typed, *thesaurus.get(key(typed.split()), ())]
    fixed = corrections(typed, vocabulary) if " " not in typed else []
    for word in fixed:
        alternatives.extend([word, *thesaurus.get(key([word]), ())])
    unique = list(dict.fromkeys(alternatives))[:MAX_ALTERNATIVES]
    return Concept(typed, tuple(unique), corrected=bool(fixed))


def expand(query: str) -> list[Concept]:
    """The concepts of ``query``, in order (empty when it has no words)."""
    tokens = words(query)
    if not tokens:
        return []
    thesaurus = THESAURUS.get()
    vocabulary = VOCABULARY.get()
    concepts: list[Concept] = []
    i = 0
    while i < len(tokens) and len(concepts) < MAX_CONCEPTS:
        for n in range(min(MAX_PHRASE_WORDS, len(tokens) - i), 1, -1):
            if key(tokens[i : i + n]) in thesaurus:
                concepts.append(_concept(" ".join(tokens[i : i + n]), thesaurus, vocabulary))
                i += n
                break
        else:
            if tokens[i] not in STOP_WORDS or len(tokens) == 1:
                concepts.append(_concept(tokens[i], thesaurus, vocabulary))
            i += 1
    return concepts


def typed_words(query: str) -> str:
    return normalise(query)
