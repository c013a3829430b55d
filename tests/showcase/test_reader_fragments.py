"""Case-page fragments kept for signed-in readers (showcase/reader_fragments.py, issue 20): never stale, never personal.

The suite's settings switch the fragment cache off (a rolled-back test leaves the catalogue stamp where the
next test brings it again, with other content); every test here switches it on, empty. "Served from the
cache" is shown by changing a case's text behind the stamp's back (a queryset ``update`` sends no signal).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from showcase.models import UseCasePage
from tests.cache_aliases import switched_on
from tests import factories
from tests.readers import page_of, signed_in
from tests.showcase.search.conftest import backend, catalogue_index, index_if_needed  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

PROBLEM = "FRAGMENT-PROBLEM the original text"


@pytest.fixture(autouse=True)
def fragments(settings):
    yield from switched_on(settings, "reader_fragments")


@pytest.fixture
def database_search(settings):
    settings.ELASTICSEARCH_URL = ""


def changed_behind_the_stamps_back(case: UseCasePage, text: str) -> None:
    UseCasePage.objects.filter(pk=case.pk).update(problem=text)


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.embedded
def test_a_second_attendee_gets_the_case_from_the_cache_with_their_own_header(database_search, fragments):
    case = factories.use_case(title="Kept case", problem=PROBLEM)
    first, second = signed_in(factories.attendee()), signed_in(factories.attendee())
    mine = page_of(first, case.url)
    assert PROBLEM in mine and len(fragments._cache) >= 1
    changed_behind_the_stamps_back(case, "CHANGED without a stamp")
    theirs = page_of(second, case.url)
    assert PROBLEM in theirs and "CHANGED without a stamp" not in theirs  # the body came from the cache
    # Each header was rendered for its reader.
    assert csrf_token(mine) != csrf_token(theirs) and csrf_token(mine) not in theirs


@pytest.mark.embedded
def test_an_edit_a_publish_an_unpublish_and_a_restriction_show_on_the_next_request(database_search):
    case = factories.use_case(title="Changing case", problem=PROBLEM, via_revision=True)
    attendee, visitor = signed_in(factories.attendee()), signed_in(factories.submitter("visitor@police.example.org"))
    assert PROBLEM in page_of(attendee, case.url) and PROBLEM in page_of(visitor, case.url)
    case.problem = "EDITED and published"
    case.save_revision().publish()
    assert "EDITED and published" in page_of(attendee, case.url)
    assert "EDITED and published" in page_of(visitor, case.url)
    case.refresh_from_db()
    case.visibility = "attendees"
    case.save_revision().publish()
    assert "EDITED and published" in page_of(attendee, case.url)
    assert "EDITED and published" not in visitor.get(case.url).content.decode()  # not an attendee: refused
    PageViewRestriction.objects.create(page=case, restriction_type="password", password="opensesame")
    assert "EDITED and published" not in attendee.get(case.url).content.decode()
    PageViewRestriction.objects.filter(page=case).delete()
    case.refresh_from_db()
    case.unpublish()
    assert attendee.get(case.url).status_code == 404


def test_an_attendees_only_case_never_reaches_another_audience_from_a_fragment(backend, request):
    topic = {"title": "Public drone patrol", "summary": "Drones watch the border at night."}
    public = factories.use_case(**topic)
    guarded = factories.use_case(title="ATTENDEES-ONLY drone patrol", summary=topic["summary"], visibility="attendees")
    index_if_needed(backend, request)
    attendee = signed_in(factories.attendee())
    assert "ATTENDEES-ONLY drone patrol" in page_of(attendee, public.url)  # its related cases, kept for attendees
    assert "ATTENDEES-ONLY drone patrol" in page_of(attendee, guarded.url)
    for reader in (Client(), signed_in(factories.submitter("other@police.example.org"))):
        assert "ATTENDEES-ONLY drone patrol" not in page_of(reader, public.url)
        refused = reader.get(guarded.url)
        assert refused.status_code in (200, 302, 403) and "ATTENDEES-ONLY drone patrol" not in refused.content.decode()


@pytest.mark.embedded
def test_a_preview_and_a_draft_are_never_kept(database_search, fragments, admin_client):
    case = factories.use_case(title="Previewed case", problem=PROBLEM)
    draft = factories.use_case(title="A draft", problem="DRAFT text", publish=False)
    from showcase.reader_fragments import fragment_key

    class Request:
        method, is_preview = "GET", True

    assert fragment_key("case-body", Request(), case) is None
    Request.is_preview = False
    assert fragment_key("case-body", Request(), draft) is None
    response = admin_client.get(f"/admin/pages/{case.pk}/view_draft/")
    assert response.status_code == 200 and PROBLEM in response.content.decode()
    assert len(fragments._cache) == 0


@pytest.mark.embedded
def test_an_image_edit_shows_on_the_next_request(database_search, fragments):
    """An image's save (here: a focal point) bumps the stamp, so the pictures are not read per request.

    The picture's alt text is changed behind the stamp's back first: only the image's own save can make it show.
    """
    case = factories.use_case(title="Pictured case", problem=PROBLEM, images=1)
    attendee = signed_in(factories.attendee())
    first = page_of(attendee, case.url)
    assert "PUBLIC-alt-1" in first and 'property="og:image"' in first
    picture = case.images.get()
    type(picture).objects.filter(pk=picture.pk).update(alt_text="NEW-alt")  # no signal, no stamp
    assert "PUBLIC-alt-1" in page_of(signed_in(factories.attendee()), case.url)  # kept: nothing said it changed
    picture.image.focal_point_x, picture.image.focal_point_y = 10, 10
    picture.image.focal_point_width = picture.image.focal_point_height = 20
    picture.image.save()
    again = page_of(signed_in(factories.attendee()), case.url)
    assert "NEW-alt" in again and "PUBLIC-alt-1" not in again
    assert re.search(r'og:image:alt" content="NEW-alt"', again)


@pytest.mark.embedded
def test_a_published_change_of_the_pictures_shows_on_the_next_request(database_search, fragments):
    case = factories.use_case(title="Pictured case", problem=PROBLEM, images=1, via_revision=True)
    attendee = signed_in(factories.attendee())
    assert "PUBLIC-alt-1" in page_of(attendee, case.url)
    case = UseCasePage.objects.get(pk=case.pk)
    picture = case.images.get()
    picture.alt_text, picture.caption = "EDITED-alt", "EDITED caption"
    case.images = [picture]
    case.save_revision().publish()
    again = page_of(signed_in(factories.attendee()), case.url)
    assert "EDITED-alt" in again and "EDITED caption" in again and "PUBLIC-alt-1" not in again
    case.images = []
    case.save_revision().publish()
    assert "EDITED-alt" not in page_of(attendee, case.url)
