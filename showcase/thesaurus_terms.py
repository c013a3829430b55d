"""How a thesaurus term and a search query are reduced to comparable words (pure functions, no models).

Both the thesaurus (``showcase.models.thesaurus``) and the query expansion
(``showcase.search.expansion``) use the same reduction, so that a term an editor
types matches the same words in a query: lower case, combining marks folded (``é`` → ``e``; Arabic
``أ`` → ``ا``, so hamza spellings meet), every run of other characters (punctuation, apostrophes,
hyphens) a single space.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")
#: Longest term and most terms of one entry the admin form accepts (the expansion cost grows with both).
MAX_TERM_LENGTH = 80
MAX_TERMS = 30


def fold(text: str) -> str:
    """Lower case without combining marks (accents; Arabic hamza and vowel signs)."""
    if text.isascii():  # nothing to decompose: the common case, and the ranking folds thousands of texts
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def words(text: str) -> list[str]:
    """The words of ``text``, folded: ``"Plaques d'immatriculation"`` → ``["plaques", "d", "immatriculation"]``."""
    return WORD.findall(fold(text).replace("_", " "))


def normalise(text: str) -> str:
    return " ".join(words(text))


def split_terms(text: str) -> list[str]:
    """The terms of a comma- (or line-) separated list, normalised, without empties or repeats."""
    terms: list[str] = []
    for part in re.split(r"[,\n;]", text or ""):
        term = normalise(part)
        if term and term not in terms:
            terms.append(term)
    return terms


def parse_line(line: str) -> tuple[list[str], list[str]]:
    """A seed line in Solr's format: ``"a, b, c"`` (equivalent) or ``"a, b => c, d"`` (one-way)."""
    if "=>" in line:
        left, right = line.split("=>", 1)
        return split_terms(left), split_terms(right)
    return split_terms(line), []
