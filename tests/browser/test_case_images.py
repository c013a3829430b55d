"""Images follow the case, in Chromium: the pictures people may see actually load, the others do not.

A public case's pictures load for an anonymous visitor; an attendees-only case's
load for an attendee (and its picture's address answers 404 to the visitor); the
submitter's check-your-answers step shows their draft's thumbnails.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.browser.conftest import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_through_the_site(monkeypatch):
    """Django's live server answers MEDIA_URL itself, straight from MEDIA_ROOT (``_MediaFilesHandler``);
    the site never does: send /media/ to the site's own view, as in production."""
    from django.test.testcases import _MediaFilesHandler

    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda self, path: False)


def assert_images_load(tab, selector: str) -> int:
    """Every image matched is decoded (naturalWidth > 0), lazy ones scrolled into view first; returns how many."""
    images = tab.locator(selector)
    count = images.count()
    assert count > 0, f"no image matches {selector}"
    for index in range(count):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        tab.wait_for_function("img => img.complete", arg=image.element_handle())
        width = image.evaluate("img => img.naturalWidth")
        assert width > 0, (selector, index, image.get_attribute("src"))
    return count


def test_case_pictures_load_for_those_who_may_see_them(page, new_tab, screenshot, build_index):
    public = factories.use_case(title="Harbour patrol drones", images=2)
    restricted = factories.use_case(title="Border watch-list matching", images=1, visibility="attendees")
    factories.attendee(email="attendee@meeting.example.org", password=PASSWORD)
    build_index()

    page.goto(public.url)
    assert assert_images_load(page, ".case__gallery img") == 2
    screenshot(page, "public-case")
    page.goto("/cases/")
    assert_images_load(page, ".case-card__image")

    attendee = new_tab()
    log_in(attendee, "attendee@meeting.example.org")
    attendee.goto(restricted.url)
    assert_images_load(attendee, ".case__gallery img")
    screenshot(attendee, "attendees-only-case-as-attendee")

    picture = attendee.locator(".case__gallery img").first.get_attribute("src")
    assert page.request.get(picture).status == 404  # the anonymous visitor's own cookies: none
    assert attendee.request.get(picture).status == 200


def test_the_submitter_sees_their_draft_pictures_on_check_your_answers(page, screenshot):
    owner = factories.submitter("owner@police.example.org", password=PASSWORD)
    submission = factories.complete_submission(owner, image_count=2)
    log_in(page, "owner@police.example.org")
    page.goto(reverse("submit:step", args=[submission.pk, "check"]))
    assert assert_images_load(page, ".thumb img") == 2
    screenshot(page, "check-your-answers")
