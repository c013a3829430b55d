"""What the catalogue page keeps between requests never shows a case to the wrong person, nor a stale one (issue 20).

The page keeps taxonomy and tag names per process (``showcase.search.taxonomy_names``) and
nothing else between requests; these tests hold it to that, through the page itself, on
both backends: an attendee's request before an anonymous one leaves the anonymous page
without the attendees-only case (nor its tag); a publish shows on the next request, an
unpublish disappears from it; a renamed tag shows its new name on the next request.
"""

from __future__ import annotations

import pytest
from taggit.models import Tag

from tests import factories

from .conftest import index_if_needed, known_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def refresh(backend: str, request: pytest.FixtureRequest) -> None:
    if backend == "elasticsearch":
        request.getfixturevalue("catalogue_index").refresh()  # near-real-time index, not a cache of ours


def test_anonymous_after_an_attendee_never_sees_the_attendees_only_case(client, backend, request):
    known_catalogue()
    index_if_needed(backend, request)
    client.force_login(factories.attendee(email="attendee@example.org"))
    for url in ("/cases/", "/cases/?q=licence+plate", "/cases/?tag=covert"):
        seen = client.get(url).content.decode()
        assert "covert plate watchlist" in seen, url
    client.logout()
    for url in ("/cases/", "/cases/?q=licence+plate", "/cases/?tag=cameras"):
        page = client.get(url).content.decode()
        assert "covert plate watchlist" not in page, url
        assert 'value="covert"' not in page, f"{url}: the attendees-only case's tag is not a facet value"


def test_a_publish_shows_on_the_next_request_and_an_unpublish_is_gone_from_it(client, backend, request, committed):
    known_catalogue()
    index_if_needed(backend, request)
    assert "Harbour sonar" not in client.get("/cases/?q=sonar").content.decode()
    with committed():
        case = factories.use_case(title="Harbour sonar screening", summary="Sonar finds smuggling under hulls.",
                                  via_revision=True)
    link = f'href="{case.url}'  # Elasticsearch highlights the matched word in the title: look for the link
    refresh(backend, request)
    assert link in client.get("/cases/?q=sonar").content.decode()
    assert link in client.get("/cases/").content.decode()
    with committed():
        case.unpublish()
    refresh(backend, request)
    assert link not in client.get("/cases/?q=sonar").content.decode()
    assert link not in client.get("/cases/").content.decode()

def test_a_renamed_tag_shows_its_new_name_on_the_next_request(client, backend, request, committed):
    known_catalogue()
    index_if_needed(backend, request)
    assert "Motorway" in client.get("/cases/").content.decode()
    tag = Tag.objects.get(slug="motorway")
    tag.name = "Highway"
    with committed():
        tag.save()
    refresh(backend, request)
    page = client.get("/cases/?tag=motorway").content.decode()
    assert "Highway" in page
    assert ">Motorway<" not in page and " Motorway " not in page
