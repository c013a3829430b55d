"""The catalogue's body kept for every reader who would see the same (``{% reader_fragment "catalogue" %}``, issue 20.4).

Its key is the readers' fragment key (catalogue stamp, page version, audience, language, day, host) plus
``CatalogueListing.fragment_identity``: the request as understood and the answer itself. "Served from the
cache" is shown by changing the catalogue page's introduction behind the stamp's back (a queryset
``update`` sends no signal and leaves the page version alone).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from showcase.models import CataloguePage
from tests import factories
from tests.readers import page_of, signed_in
from tests.showcase.search.conftest import backend, catalogue_index, index_if_needed  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

INTRO = "<p>KEPT-INTRO of the catalogue</p>"


@pytest.fixture(autouse=True)
def fragments(reader_fragments_on):
    return reader_fragments_on


@pytest.fixture
def database_search(settings):
    settings.ELASTICSEARCH_URL = ""


def intro_behind_the_stamps_back(text: str) -> None:
    CataloguePage.objects.update(intro=text)


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="case-card__title"><a [^>]*>(.*?)</a>', html)


@pytest.fixture
def with_intro():
    catalogue = factories.catalogue()
    catalogue.intro = INTRO
    catalogue.save()
    return catalogue


@pytest.mark.embedded
def test_a_second_attendee_gets_the_body_from_the_cache_with_their_own_header_and_alert_form(
    database_search, with_intro, fragments
):
    factories.use_case(title="Drone patrol at the border", summary="Drones at night.")
    first, second = signed_in(factories.attendee()), signed_in(factories.attendee())
    mine = page_of(first, "/cases/?q=drone")
    assert "KEPT-INTRO" in mine and "Drone patrol at the border" in mine
    intro_behind_the_stamps_back("<p>CHANGED without a stamp</p>")
    theirs = page_of(second, "/cases/?q=drone")
    assert "KEPT-INTRO" in theirs and "CHANGED without a stamp" not in theirs  # the body came from the cache
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) for html in (mine, theirs)]
    # The header's forms and the alert form (outside the kept body) carry each reader's own token.
    assert len(tokens[0]) == len(tokens[1]) >= 2 and not set(tokens[0]) & set(tokens[1])
    assert 'action="/accounts/alerts/new/"' in theirs


@pytest.mark.embedded
def test_each_question_is_kept_apart_with_what_it_shows_of_the_request(database_search, with_intro):
    factories.use_case(title="Drone patrol at the border", summary="Drones at night.")
    reader = signed_in(factories.attendee())
    page_of(reader, "/cases/?q=drone")
    intro_behind_the_stamps_back("<p>NEW-INTRO</p>")
    other = page_of(reader, "/cases/?q=drones&colour=blue")
    assert "NEW-INTRO" in other  # another question: rendered, not the first one's body
    assert 'value="drones"' in other and "colour" in other  # its own text and its unknown parameter
    assert 'value="drone"' in page_of(reader, "/cases/?q=drone")


@pytest.mark.embedded
def test_a_publish_and_an_unpublish_show_on_the_next_request(database_search, with_intro):
    first = factories.use_case(title="Drone patrol at the border", summary="Drones at night.")
    attendee, visitor = signed_in(factories.attendee()), Client()
    for reader in (attendee, visitor):
        assert card_titles(page_of(reader, "/cases/")) == ["Drone patrol at the border"]
    factories.use_case(title="Drone survey of forests", summary="Drones over timber.", via_revision=True)
    for reader in (attendee, visitor):
        assert sorted(card_titles(page_of(reader, "/cases/"))) == ["Drone patrol at the border", "Drone survey of forests"]
    first.unpublish()
    for reader in (attendee, visitor):
        assert card_titles(page_of(reader, "/cases/")) == ["Drone survey of forests"]


def test_an_attendees_only_case_never_reaches_another_audience_from_the_kept_body(backend, request):
    factories.use_case(title="Public drone patrol", summary="Drones watch the border at night.")
    factories.use_case(title="ATTENDEES-ONLY drone patrol", summary="Drones at night.", visibility="attendees")
    index_if_needed(backend, request)
    for url in ("/cases/", "/cases/?q=drone"):  # (Elasticsearch highlights "drone" in the titles: <mark>drone</mark>)
        assert "ATTENDEES-ONLY" in page_of(signed_in(factories.attendee()), url)
        for reader in (Client(), signed_in(factories.submitter(f"other-{len(url)}@police.example.org"))):
            html = page_of(reader, url)
            assert "Public" in html and "ATTENDEES-ONLY" not in html


@pytest.mark.embedded
def test_a_new_promotion_shows_at_once_though_it_moves_no_stamp(database_search, with_intro):
    factories.use_case(title="Drone patrol at the border", summary="Drones at night, drones by day.")
    promoted = factories.use_case(title="Forest crime overview", summary="Wildlife and timber crime.")
    first, second = signed_in(factories.attendee()), signed_in(factories.attendee())
    assert card_titles(page_of(first, "/cases/?q=drones")) == ["Drone patrol at the border"]
    SearchPromotion.objects.create(query=Query.get("drones"), page=promoted, sort_order=0)
    assert card_titles(page_of(second, "/cases/?q=drones")) == ["Forest crime overview", "Drone patrol at the border"]


@pytest.mark.embedded
def test_the_french_reader_gets_the_french_body(database_search, with_intro):
    factories.use_case(title="Drone patrol at the border", summary="Drones at night.")
    reader = signed_in(factories.attendee())
    assert 'lang="en"' in page_of(reader, "/cases/")
    french = page_of(reader, "/fr/cases/")
    assert 'lang="fr"' in french and "Rechercher" in french
