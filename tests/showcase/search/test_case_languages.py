"""Case text written in French or Spanish is analysed with that language's analyser (Elasticsearch).

The case's ``content_language`` decides: its title, summary and body also go into
``text_fr`` / ``text_es`` (the built-in ``french`` / ``spanish`` analysers), so a query
finds the text through elision ("intégralité" in "l'intégralité") and the language's
own word forms ("red" / "redes"), which the English analysis misses — shown by the
same French text labelled English, which those queries do not find.
"""

from __future__ import annotations

import pytest

from showcase.search import catalogue_search
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

FRENCH_SUMMARY = (
    "Les analystes recherchent un véhicule dans des heures de vidéos saisies, sans visionner "
    "l'intégralité des enregistrements de reconnaissance faciale."
)
SPANISH_SUMMARY = "El análisis de grafos agrupa cuentas para que los investigadores prioricen las redes detrás del fraude."


@pytest.fixture
def written_cases(catalogue_index) -> dict[str, object]:
    cases = {
        "french": factories.use_case(
            title="Recherche de véhicules dans les vidéos", summary=FRENCH_SUMMARY, content_language="fr"
        ),
        "french_labelled_english": factories.use_case(
            title="Recherche de véhicules dans les enregistrements", summary=FRENCH_SUMMARY, content_language="en"
        ),
        "spanish": factories.use_case(title="Análisis de mulas", summary=SPANISH_SUMMARY, content_language="es"),
        "english": factories.use_case(title="Vehicle search in seized video", summary="Analysts search recordings."),
    }
    catalogue_index.build()
    return cases


def found(query: str) -> set[int]:
    return {hit.page_id for hit in catalogue_search(query, backend="elasticsearch").hits}


def test_french_and_spanish_text_is_matched_by_its_own_language_analysis(written_cases):
    french, mislabelled, spanish = (written_cases[k].pk for k in ("french", "french_labelled_english", "spanish"))
    # Elision: "l'intégralité" is one English token; the French analyser finds "intégralité" in it.
    assert french in found("intégralité des enregistrements")
    assert mislabelled not in found("intégralité des enregistrements")
    assert french in found("integralite")  # without accents, as people type
    # The brief's example: plural forms find the singular text.
    assert french in found("reconnaissances faciales")
    # Spanish word forms: "redes" is "red" to the Spanish stemmer, "rede" to the English one.
    assert spanish in found("red de fraude")
    assert found("red de fraude") == {spanish}


def test_only_the_language_of_the_case_gets_its_field(written_cases, catalogue_index):
    french = catalogue_index.doc(written_cases["french"].pk)
    spanish = catalogue_index.doc(written_cases["spanish"].pk)
    english = catalogue_index.doc(written_cases["english"].pk)
    assert FRENCH_SUMMARY in french["text_fr"] and french.get("text_es") is None
    assert SPANISH_SUMMARY in spanish["text_es"] and spanish.get("text_fr") is None
    assert english.get("text_fr") is None and english.get("text_es") is None
