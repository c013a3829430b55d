"""Short function words of the catalogue's query languages: a query's concepts leave them out.

Kept deliberately small (articles, prepositions, conjunctions): a word here never
has to match, so a content word must not be in it. English follows Lucene's list
(the one Elasticsearch's ``_english_`` stop filter uses); French, Spanish and
Arabic add their commonest particles, so "lecture des plaques" is about plates.
"""

from __future__ import annotations

ENGLISH = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these "
    "they this to was will with".split()
)
FRENCH = frozenset("au aux avec d dans de des du en et l la le les par pour sur un une".split())
SPANISH = frozenset("al con de del el en la las lo los para por un una y".split())
ARABIC = frozenset("في من على إلى عن و".split())
STOP_WORDS: frozenset[str] = ENGLISH | FRENCH | SPANISH | ARABIC
