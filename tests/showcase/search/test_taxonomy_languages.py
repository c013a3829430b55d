"""Taxonomy names in four languages: facets, case pages, statistics, the API and exports; matching a
translated name on both backends; an editor's change to a translation shows on the next request."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from showcase.search import catalogue_search
from showcase.taxonomies import TAXONOMY_MODELS, CrimeArea
from tests import factories

from .conftest import index_if_needed

pytestmark = pytest.mark.django_db

#: The seeded crime area "firearms" in each language (no apostrophes: the page escapes them).
FIREARMS = {"en": "Firearms", "fr": "Armes à feu", "es": "Armas de fuego", "ar": "الأسلحة النارية"}
COMPUTER_VISION = {"en": "Computer vision", "fr": "Vision par ordinateur", "es": "Visión artificial", "ar": "الرؤية الحاسوبية"}
PREFIX = {"en": "", "fr": "/fr", "es": "/es", "ar": "/ar"}


@pytest.fixture
def database_only(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def firearms_case(database_only):
    return factories.use_case(title="Ballistic image matching", crime_areas=("firearms",), techniques=("computer-vision",))


@pytest.mark.embedded
def test_every_seeded_value_has_a_french_spanish_and_arabic_name():
    for model in TAXONOMY_MODELS:
        for value in model.objects.all():
            assert value.name_fr and value.name_es and value.name_ar, (model.__name__, value.slug)
            assert len({value.name_es, value.name_ar}) == 2


@pytest.mark.embedded
@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_catalogue_facets_are_labelled_in_the_page_language(client, firearms_case, language):
    response = client.get(f"{PREFIX[language]}/cases/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="crime_area" value="firearms"> {FIREARMS[language]} <span class="facet__count">(1)' in html
    assert f'name="technique" value="computer-vision"> {COMPUTER_VISION[language]} ' in html
    others = {name for code, name in FIREARMS.items() if code != language and name != FIREARMS[language]}
    assert not any(f"> {name} <" in html for name in others)


@pytest.mark.embedded
@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_case_page_and_statistics_show_localized_taxonomy_names(client, firearms_case, language):
    page = client.get(PREFIX[language] + firearms_case.url).content.decode()
    assert f'?crime_area=firearms">{FIREARMS[language]}</a>' in page
    assert COMPUTER_VISION[language] in page and ">Firearms<" not in page
    statistics = client.get(f"{PREFIX[language]}/statistics/").content.decode()
    assert COMPUTER_VISION[language] in statistics  # the techniques chart (crime areas have none)


@pytest.mark.embedded
def test_the_api_gives_names_in_the_language_asked_for(client, firearms_case):
    listing = client.get("/api/v1/cases/?lang=es").json()
    assert listing["results"][0]["crime_areas"] == [{"slug": "firearms", "name": "Armas de fuego"}]
    detail = client.get(f"/api/v1/cases/{firearms_case.slug}/?lang=ar").json()
    assert detail["ai_techniques"] == [{"slug": "computer-vision", "name": COMPUTER_VISION["ar"]}]
    default = client.get(f"/api/v1/cases/{firearms_case.slug}/").json()
    assert default["crime_areas"][0]["name"] == "Firearms"
    facets = client.get("/api/v1/facets/?lang=fr").json()
    crime = next(f for f in facets["facets"] if f["key"] == "crime_area")
    assert {"value": "firearms", "label": "Armes à feu", "count": 1, "selected": False} in crime["values"]
    vocabularies = client.get("/api/v1/taxonomies/?lang=es").json()
    assert {"slug": "firearms", "name": "Armas de fuego"}.items() <= next(
        v for t in vocabularies if t["key"] == "crime_area" for v in t["values"] if v["slug"] == "firearms"
    ).items()


@pytest.mark.embedded
def test_exports_are_streamed_in_the_language_asked_for(client, firearms_case):
    response = client.get("/api/v1/export/cases.csv?lang=fr")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0]["crime_areas"] == "Armes à feu" and rows[0]["crime_area_slugs"] == "firearms"
    response = client.get("/api/v1/export/cases.json?lang=ar")
    document = b"".join(response.streaming_content).decode()
    assert FIREARMS["ar"] in document


@pytest.mark.embedded
@pytest.mark.parametrize("value", ["xx", "FR", "fr<script>", "../en", "fr\x00", "e" * 300, "ar-EG"])
@pytest.mark.parametrize(
    "path", ["/api/v1/cases/", "/api/v1/facets/", "/api/v1/taxonomies/", "/api/v1/export/cases.csv", "DETAIL"]
)
def test_hostile_lang_values_are_refused_like_every_bad_parameter(client, firearms_case, path, value):
    path = f"/api/v1/cases/{firearms_case.slug}/" if path == "DETAIL" else path
    response = client.get(path, {"lang": value})
    assert response.status_code == 400
    assert "lang must be one of: en, fr, es, ar." in response.json()["detail"] or "lang" in response.json()["detail"]
    assert "<script>" not in response.content.decode()
    twice = client.get(path + "?lang=fr&lang=es")
    assert twice.status_code == 400


def test_a_translated_taxonomy_name_finds_its_cases_and_an_edit_applies_at_once(admin_client, client, backend, request):
    # Published through a revision, as the workflow does: the database backend then indexes the names.
    factories.use_case(
        title="Looted antiquities tracing", summary="Auction listings are compared.", crime_areas=("cultural-property",),
        via_revision=True,
    )
    factories.use_case(title="Ballistic image matching", summary="Casings are compared.", crime_areas=("firearms",), via_revision=True)
    index_if_needed(backend, request)  # indexed once, before the translation changes
    for query in ("biens culturels", "Bienes culturales", "الممتلكات الثقافية"):
        results = catalogue_search(query)
        assert results.backend == backend
        assert [hit.title for hit in results.hits] == ["Looted antiquities tracing"], query
    assert catalogue_search("patrimoine spolié").total == 0

    value = CrimeArea.objects.get(slug="cultural-property")
    edit = reverse("wagtailsnippets_showcase_crimearea:edit", args=[value.pk])
    form = {"name": value.name, "name_fr": "Patrimoine spolié", "name_es": value.name_es, "name_ar": value.name_ar,
            "slug": value.slug, "description": "", "active": "on"}  # fmt: skip
    response = admin_client.post(edit, form)
    assert response.status_code == 302 and "/login" not in response["Location"]
    value.refresh_from_db()
    assert value.name_fr == "Patrimoine spolié"
    assert [hit.title for hit in catalogue_search("patrimoine spolié").hits] == ["Looted antiquities tracing"]
    html = client.get("/fr/cases/").content.decode()
    assert 'value="cultural-property"> Patrimoine spolié <' in html
