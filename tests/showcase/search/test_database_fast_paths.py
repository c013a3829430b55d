"""The database backend's fast paths give what the straightforward way gives (SQLite and PostgreSQL).

* Facet counts (``database_facets``): one statement per group of facets, counted over the scope
  directly or as "every case minus the rest" — both equal counting each case's values one by one
  in Python, for the visible cases of a visitor and of a superuser, a few matched ids, none.
* The catalogue's counts, filters and totals equal that straightforward counting too.
* The ranking's word test (a regular expression per concept) answers as splitting the text into
  words did, for plurals, five-letter stems, short words, underscores, accents and empty texts.
* The typo vocabulary is built once per catalogue change (the change stamp), also a change made
  by another process (no signal here).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import override_settings

from showcase.models import UseCasePage
from showcase.models.catalogue_stamp import bump_stamp
from showcase.review_dates import CURRENT, OUT_OF_DATE, today
from showcase.search import catalogue_search, database, database_facets, expansion
from showcase.search.database_text import Said, folded, question_pattern
from showcase.search.expansion import Concept
from showcase.search.facets import FACETS, FACETS_BY_KEY
from showcase.thesaurus_terms import normalise, words
from tests import factories

from .conftest import known_catalogue

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture(scope="module")
def cases(module_db, django_db_blocker) -> dict[str, UseCasePage]:
    """The known catalogue (a restricted case and a draft among them), one case past its review date."""
    with django_db_blocker.unblock(), override_settings(ELASTICSEARCH_URL=""):
        found = known_catalogue()
        UseCasePage.objects.filter(pk__in=[case.pk for case in found.values()]).update(review_due=date(2999, 1, 1))
        UseCasePage.objects.filter(pk=found["triage"].pk).update(review_due=date(2020, 1, 1))
        UseCasePage.objects.filter(pk=found["chatbot"].pk).update(review_due=None)
    return found


@pytest.fixture(autouse=True)
def _database_search(settings) -> None:
    settings.ELASTICSEARCH_URL = ""


def values_of(page: UseCasePage, key: str) -> list[str]:
    """One case's values of one facet, read the plain way."""
    spec = FACETS_BY_KEY[key]
    if spec.kind == "m2m":
        return list(getattr(page, spec.relation).values_list("slug", flat=True))
    if spec.kind == "tag":
        return list(page.tags.values_list("slug", flat=True))
    if spec.kind == "fk":
        value = getattr(page, spec.relation)
        return [value.slug] if value else []
    if spec.kind == "country":
        return [country.code for country in page.countries]
    if spec.kind == "year":
        return [str(page.first_published_at.astimezone(UTC).year)] if page.first_published_at else []
    due = page.review_due
    return [OUT_OF_DATE if due is not None and due < today() else CURRENT]


def straightforward(ids) -> dict[str, Counter]:
    pages = list(UseCasePage.objects.filter(pk__in=list(ids)))
    return {spec.key: Counter(v for page in pages for v in values_of(page, spec.key)) for spec in FACETS}


def visible_ids(user) -> set[int]:
    return set(database.visible_cases(user).values_list("pk", flat=True))


@pytest.mark.parametrize("complement", [False, True], ids=["direct", "complement"])
@pytest.mark.parametrize("who", ["visitor", "superuser", "two matched", "none matched"])
def test_each_way_of_counting_equals_counting_case_by_case(cases, who, complement):
    if who in ("visitor", "superuser"):
        user = factories.user(is_superuser=True) if who == "superuser" else AnonymousUser()
        ids = visible_ids(user)
        scope = database_facets.Scope.of_queryset(database.visible_cases(user))
    else:
        ids = {cases["faces"].pk, cases["triage"].pk} if who == "two matched" else set()
        scope = database_facets.Scope.of_ids(ids)
    counts, total = database_facets.count(scope, list(FACETS), complement=complement, total=True)
    assert total == len(ids)
    assert counts == straightforward(ids)
    if who == "visitor":  # the restricted case and the draft are in neither way of counting
        assert counts["tag"]["covert"] == 0 and "covert" in straightforward(visible_ids(factories.user(is_superuser=True)))["tag"]
        assert counts["review"] == {CURRENT: 4, OUT_OF_DATE: 1}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"technique": ["computer-vision"]},
        {"technique": ["computer-vision"], "stage": ["pilot", "in-operation"], "country": ["NL", "DE"]},
        {"review": ["out-of-date"], "year": ["2023"]},
        {"q": "recognition"},
        {"q": "cameras", "tag": ["motorway"]},
        {"q": "zyxwvut"},
    ],
)
def test_the_catalogues_counts_are_each_facet_over_the_other_facets_filters(cases, params):
    query = params.get("q", "")
    filters = {k: v for k, v in params.items() if k != "q"}
    results = catalogue_search(query=query, filters=filters, backend="database")
    matched = visible_ids(AnonymousUser())
    if query:
        matched &= {hit.page_id for hit in catalogue_search(query=query, backend="database", page=1).hits}
    per_case = {pk: {key: set(values) for key, values in straightforward([pk]).items()} for pk in matched}

    def selected(skip: str | None) -> set[int]:
        return {pk for pk in matched if all(per_case[pk][k] & set(v) for k, v in filters.items() if k != skip)}

    assert results.total == len(selected(None))
    for spec in FACETS:
        expected = Counter(v for pk in selected(spec.key) for v in per_case[pk][spec.key])
        assert results.facet_counts.get(spec.key, {}) == dict(expected), spec.key


# --- The ranking's word test -------------------------------------------------------------------------


def said_by_words(text: str, concept: Concept) -> bool:
    """The straightforward test: split the text into words, compare each typed word with them."""
    written = words(text)
    prefixes, bare = {w[:5] for w in written if len(w) >= 5}, {w.rstrip("s") for w in written}

    def same(typed: str) -> bool:
        return (len(typed) >= 5 and typed[:5] in prefixes) or typed.rstrip("s") in bare

    return any(all(same(w) for w in alternative.split()) for alternative in concept.alternatives)


TEXTS = [
    "Roadside cameras for stolen cars",
    "Face-matching of travellers: RECOGNISED at the airport.",
    "Reconnaissance faciale à l'aéroport (vidéo)",
    "bosss, s and ss; the_car_park",
    "Cars",
    "",
    "ANPR/LPR plate reader - 2024",
    "carsick passengers",
]
CONCEPTS = [
    ("car",), ("cars",), ("recognition",), ("face matching", "lpr"), ("bosss",), ("s",), ("ss",),
    ("reconnaissance faciale",), ("video",), ("aeroport",), ("park car",), ("2024",), ("",), ("the",),
    ("plate reader", "automatic number plate recognition"), ("carsi",), ("travel",),
]  # fmt: skip


@pytest.mark.parametrize("alternatives", CONCEPTS, ids=["|".join(c) or "empty" for c in CONCEPTS])
def test_the_word_test_answers_as_splitting_into_words(alternatives):
    concept = Concept(alternatives[0], alternatives)
    for text in TEXTS:
        assert Said(concept).says_in(folded(text)) == said_by_words(text, concept), text


@pytest.mark.parametrize(
    "question", ["face recognition", "cars", "cameras for stolen", "mera", "at the airport", "faciale a l aeroport"]
)
def test_the_whole_question_test_answers_as_the_normalised_title(question):
    for text in TEXTS:
        assert (question_pattern(question).search(folded(text)) is not None) == (question in normalise(text)), text


# --- The typo vocabulary --------------------------------------------------------------------------------


def test_the_typo_vocabulary_is_rebuilt_once_per_catalogue_change(cases):
    assert expansion.corrections("zebrafinch", expansion.VOCABULARY.get()) == []
    # Another process renames a case: no signal reaches this one, only the stamp it bumped.
    with transaction.atomic():
        UseCasePage.objects.filter(pk=cases["plates"].pk).update(title="Zebrafinches counted by roadside cameras")
        bump_stamp()
    assert "zebrafinches" in expansion.corrections("zebrafinchs", expansion.VOCABULARY.get())
    built = expansion.VOCABULARY.get()
    assert expansion.VOCABULARY.get() is built  # no change since: the same vocabulary, not built again


def test_the_vocabulary_reads_every_live_case_a_chunk_at_a_time(cases, monkeypatch):
    factories.use_case(title="Okapi sightings", summary="Quagga tracking")
    factories.use_case(title="Unpublished narwhal", publish=False)
    live = UseCasePage.objects.live().count()
    monkeypatch.setattr(expansion, "VOCABULARY_CHUNK", 2)
    vocabulary = expansion.build_vocabulary()
    assert {"okapi", "sightings", "quagga", "tracking", "roadside"} <= vocabulary
    assert "narwhal" not in vocabulary
    assert len(list(expansion._live_titles_and_summaries())) == live
