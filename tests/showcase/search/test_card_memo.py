"""The catalogue cards' memos (issue 20.1): thumbnails per catalogue stamp, facts by their values.

``showcase.search.card_images`` keeps each case's thumbnail ``<img>`` until the catalogue stamp
moves; ``showcase.listing`` keeps a card's facts by the values they show. Through the page, on
both backends: an attendee's visit never puts an attendees-only case's picture on an anonymous
page; a new picture published, an image file replaced, a case unpublished and a restriction
added all show on the next request; and a page of cases already shown reads no images again.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from showcase.models import UseCaseImage
from tests import factories

from .test_catalogue_freshness import committed, refresh  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def pictured_case(title: str, alt: str, **fields):
    case = factories.use_case(title=title, summary=f"{title}: sonar screening of hulls.", images=1, **fields)
    UseCaseImage.objects.filter(page=case).update(alt_text=alt)
    return case


def test_an_attendees_only_picture_never_reaches_an_anonymous_page(client, backend, request):
    pictured_case("Harbour sonar", "PUBLIC picture of a harbour")
    pictured_case("Covert sonar", "SECRET picture of a covert hull", visibility="attendees")
    refresh_index(backend, request)
    client.force_login(factories.attendee(email="sonar-attendee@example.org"))
    seen = client.get("/cases/?q=sonar").content.decode()
    assert "SECRET picture" in seen and "PUBLIC picture" in seen  # both thumbnails now remembered
    client.logout()
    for url in ("/cases/?q=sonar", "/cases/"):
        page = client.get(url).content.decode()
        assert "PUBLIC picture of a harbour" in page, url
        assert "SECRET picture" not in page and "Covert sonar" not in page, url


def test_a_new_picture_published_shows_on_the_next_request(client, backend, request, committed):  # noqa: F811
    case = pictured_case("Harbour sonar", "The old harbour picture")
    refresh_index(backend, request)
    assert "The old harbour picture" in client.get("/cases/").content.decode()
    draft = case.get_latest_revision_as_object()
    draft.images = [UseCaseImage(image=factories.image("New figure"), alt_text="The new harbour picture")]
    with committed():
        draft.save_revision().publish()
    refresh(backend, request)
    page = client.get("/cases/").content.decode()
    assert "The new harbour picture" in page and "The old harbour picture" not in page


def test_an_image_file_replaced_shows_its_new_thumbnail_on_the_next_request(client, backend, request, committed):  # noqa: F811
    case = pictured_case("Harbour sonar", "The harbour picture")
    refresh_index(backend, request)
    before = thumbnail_src(client.get("/cases/").content.decode())
    image = case.images.get().image
    replacement = factories.image("Replacement", size=(1200, 800), color="#6b0b3d")
    with committed():
        image.renditions.all().delete()  # as Wagtail's edit view does when the file changes
        image.file, image.width, image.height = replacement.file, replacement.width, replacement.height
        image.save()
    after = thumbnail_src(client.get("/cases/").content.decode())
    assert after != before


def test_an_unpublished_or_restricted_case_loses_its_card_and_picture_at_once(client, backend, request, committed):  # noqa: F811
    gone = pictured_case("Harbour sonar", "The harbour picture")
    hidden = pictured_case("Dock sonar", "The dock picture")
    refresh_index(backend, request)
    page = client.get("/cases/").content.decode()
    assert "The harbour picture" in page and "The dock picture" in page
    with committed():
        gone.unpublish()
        restriction = PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.set([Group.objects.get_or_create(name="Sonar reviewers")[0]])
    refresh(backend, request)
    if backend == "elasticsearch":
        request.getfixturevalue("catalogue_index").build()  # the restriction reaches the index by a task
    page = client.get("/cases/").content.decode()
    assert "The harbour picture" not in page and "The dock picture" not in page


def test_a_page_of_cases_already_shown_reads_no_images_again(client, backend, request):
    pictured_case("Harbour sonar", "The harbour picture")
    refresh_index(backend, request)
    client.get("/cases/?q=sonar")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/cases/").content.decode()
    assert "The harbour picture" in page
    assert not [q for q in queries.captured_queries if "showcase_usecaseimage" in q["sql"]]


def refresh_index(backend: str, request: pytest.FixtureRequest) -> None:
    if backend == "elasticsearch":
        request.getfixturevalue("catalogue_index").build()


def thumbnail_src(page: str) -> str:
    start = page.index('class="case-card__image"') if 'class="case-card__image"' in page else -1
    assert start != -1, "no thumbnail on the page"
    tag = page[page.rindex("<img", 0, start) : page.index(">", start)]
    return tag.split('src="', 1)[1].split('"', 1)[0]
