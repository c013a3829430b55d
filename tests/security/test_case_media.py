"""Images follow the case (issue 13, point 3): originals and renditions only for people who may see the case.

Every case here is built the way the site builds it: a submitter uploads through
``portal.uploads`` into the wizard's draft, submits, and (for the published cases)
the reviewed revision is published. For each case every image URL (the original
and the renditions our templates and the admin ask for) is requested by every
role, and the answers are compared with one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.security.conftest import ROLES, client_for

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

#: Every rendition the site asks for: catalogue cards, the case page's srcset, the share image,
#: the wizard's and check-your-answers' thumbnails, and the admin's chooser/listing thumbnails.
RENDITIONS = (
    "fill-480x270",
    "width-480",
    "width-800",
    "width-1200",
    "fill-1200x630",
    "max-240x180",
    "max-160x120",
    "max-165x165",
)
OK, REFUSED = "OK", "REFUSED"
EVERYONE = set(ROLES)
#: A file name the site gives an upload: random, saying nothing about the case or the original name.
#: Renditions are named after the original, cut by Wagtail to 60 characters (at least 80 random bits remain).
RANDOM_NAME = re.compile(
    r"(original_images/[a-z]+-[0-9a-f]{32}"
    r"|images/[a-z]+-[0-9a-f]{20,32}(\.[0-9a-f]{8})?\.[a-z0-9x.-]+)"
    r"\.(png|jpg|webp|gif)"
)


@pytest.fixture(autouse=True)
def _fresh_rendition_cache():
    """Wagtail caches renditions by image id; ids are reused after a test's rollback, files are not."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def allowed(*roles: str) -> dict[str, str]:
    return {role: OK if role in roles else REFUSED for role in ROLES}


#: Who gets the images of each kind of case.
EXPECTED = {
    "public": allowed(*ROLES),
    # Attendees read it; the owner and their colleague see their own case; staff see it in the admin.
    "attendees": allowed("attendee", "submitter", "colleague", "reviewer", "editor", "administrator"),
    # Never submitted: the submitter's (colleagues read it, as the portal allows); staff do not see drafts.
    "draft": allowed("submitter", "colleague", "administrator"),
    # With the reviewers: the owner's side and the staff who review it.
    "in_review": allowed("submitter", "colleague", "reviewer", "editor", "administrator"),
}


def urls_of(image: Any) -> list[str]:
    return [image.file.url] + [image.get_rendition(spec).url for spec in RENDITIONS]


def answer(client, url: str) -> str:
    response = client.get(url)
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"\x89PNG"), url
        return OK
    assert response.status_code == 404, (url, response.status_code)
    return REFUSED


def upload(submission: Any, title: str) -> Any:
    """What the wizard's media step does: check the file, store it, attach it to the draft."""
    from portal.uploads import clean_image, save_wagtail_image
    from showcase import drafts

    clean = clean_image(SimpleUploadedFile(f"{title}.png", factories.png_bytes(size=(1600, 900)), "image/png"))
    image = save_wagtail_image(clean, title=title, user=submission.submitter)
    drafts.add_image(submission.page, submission.submitter, image=image, alt_text=f"{title}, described")
    return image


def case_of(owner: Any, title: str, *, visibility: str = "public", submit: bool = False, publish_by: Any = None):
    """(submission, image): a complete submission titled ``title`` with one uploaded image."""
    from portal.submission import submit as submit_case
    from showcase import drafts

    submission = factories.complete_submission(owner)
    drafts.save_draft(submission.page, owner, {"title": title, "visibility": visibility})
    image = upload(submission, title)
    if submit or publish_by is not None:
        submit_case(submission, owner)
    if publish_by is not None:
        page = type(submission.page).objects.get(pk=submission.page_id)  # afresh: submitting saved revisions
        page.get_latest_revision().publish(user=publish_by)
    submission.refresh_from_db()
    return submission, image


#: The case titles: words a guesser would try in a file name.
TITLES = {
    "public": "Quokka harbour patrol drones",
    "attendees": "Narwhal border watch-list matching",
    "draft": "Pangolin trafficking marketplace monitor",
    "in_review": "Axolotl custody image comparison",
}


@dataclass
class Cases:
    people: dict[str, Any]
    built: dict[str, Any]

    def image(self, kind: str) -> Any:
        """The uploaded image of a case of this kind (built on first use, one per kind)."""
        if kind not in self.built:
            owner, admin = self.people["submitter"], self.people["administrator"]
            options = {
                "public": {"publish_by": admin},
                "attendees": {"visibility": "attendees", "publish_by": admin},
                "draft": {},
                "in_review": {"submit": True},
            }[kind]
            self.built[kind] = case_of(owner, TITLES[kind], **options)[1]
        return self.built[kind]


@pytest.fixture
def cases(people) -> Cases:
    return Cases(people, {})


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_every_image_url_of_a_case_answers_only_those_who_may_see_the_case(people, cases, kind):
    urls = urls_of(cases.image(kind))
    seen = {}
    for role in ROLES:
        client = client_for(people[role])
        answers = {url: answer(client, url) for url in urls}
        assert len(set(answers.values())) == 1, (role, answers)  # the original and every rendition alike
        seen[role] = answers[urls[0]]
    assert seen == EXPECTED[kind]


def test_file_names_say_nothing_about_the_case(cases):
    for kind in ("attendees", "draft"):
        words = {word.lower() for word in re.findall(r"[A-Za-z]{4,}", TITLES[kind])}
        for url in urls_of(cases.image(kind)):
            name = url.removeprefix("/media/")
            assert RANDOM_NAME.fullmatch(name), name
            assert not any(word in name.lower() for word in words), name


def test_an_image_added_only_in_a_draft_revision_of_a_published_case_stays_unpublished(people):
    """An update of a live case lives only in a revision: the new image is not public until it is published."""
    from showcase.models import UseCaseImage

    page = factories.use_case(title="Okapi river-crossing counter", images=1)
    published = page.images.first().image
    added = factories.image("Okapi counter, second version")
    draft = page.get_latest_revision_as_object()
    draft.images = [*draft.images.all(), UseCaseImage(image=added, alt_text="The new counter")]
    draft.save_revision(user=people["editor"])
    expected_new = allowed("reviewer", "editor", "administrator")
    for role in ROLES:
        client = client_for(people[role])
        assert {answer(client, url) for url in urls_of(published)} == {OK}, role
        assert {answer(client, url) for url in urls_of(added)} == {expected_new[role]}, role


def test_an_image_in_the_library_used_by_no_case_is_for_staff_who_manage_images(people):
    image = factories.image("Library picture")
    expected = allowed("editor", "administrator")  # Wagtail's Editors group manages the image library
    for role in ROLES:
        assert {answer(client_for(people[role]), url) for url in urls_of(image)} == {expected[role]}, role


def test_renditions_follow_the_case_when_its_visibility_changes(people):
    """Renditions made while a case was public are refused once it is attendees-only, and back again."""
    page = factories.use_case(title="Ibis port scanner", images=1)
    image = page.images.first().image
    urls = urls_of(image)
    anonymous = client_for(None)
    assert {answer(anonymous, url) for url in urls} == {OK}
    page.visibility = "attendees"
    page.save_revision().publish()
    assert {answer(anonymous, url) for url in urls} == {REFUSED}
    assert {answer(client_for(people["attendee"]), url) for url in urls} == {OK}
    late = image.get_rendition("fill-300x300").url  # a rendition made after the change
    assert answer(anonymous, late) == REFUSED
    page.unpublish()
    assert {answer(client_for(people["attendee"]), url) for url in [*urls, late]} == {REFUSED}


def test_a_case_in_review_becomes_public_with_its_images_when_published(people, cases):
    from portal.models import Submission

    image = cases.image("in_review")
    urls = urls_of(image)
    anonymous = client_for(None)
    assert {answer(anonymous, url) for url in urls} == {REFUSED}
    submission = Submission.objects.select_related("page").get(page__images__image=image)
    submission.page.get_latest_revision().publish(user=people["administrator"])
    assert {answer(anonymous, url) for url in urls} == {OK}


# --- Caching, conditional requests, HEAD, paths ----------------------------------------------


def test_public_images_are_cacheable_and_restricted_ones_are_private(people, cases):
    public = client_for(None).get(cases.image("public").get_rendition("fill-480x270").url)
    assert "public" in public["Cache-Control"] and "max-age=" in public["Cache-Control"]
    assert "private" not in public["Cache-Control"] and "no-store" not in public["Cache-Control"]
    assert public.has_header("ETag") and public.has_header("Last-Modified")

    restricted_url = cases.image("attendees").get_rendition("fill-480x270").url
    restricted = client_for(people["attendee"]).get(restricted_url)
    assert restricted.status_code == 200
    assert "private" in restricted["Cache-Control"] and "no-store" in restricted["Cache-Control"]
    assert "Cookie" in restricted["Vary"]

    refused = client_for(None).get(restricted_url)
    assert refused.status_code == 404
    assert "no-store" in refused["Cache-Control"] and "Cookie" in refused["Vary"]
    assert b"PNG" not in refused.content


def test_a_public_image_answers_304_when_unchanged(cases):
    url = cases.image("public").file.url
    first = client_for(None).get(url)
    again = client_for(None).get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client_for(None).get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


@pytest.mark.parametrize("kind", ["attendees", "draft", "in_review"])
def test_conditional_requests_never_confirm_a_restricted_image(people, cases, kind):
    url = cases.image(kind).get_rendition("width-800").url
    owner = client_for(people["submitter"]).get(url)
    assert owner.status_code == 200
    for role in ("anonymous", "other_submitter"):
        client = client_for(people[role])
        for headers in (
            {"HTTP_IF_NONE_MATCH": owner["ETag"]},
            {"HTTP_IF_NONE_MATCH": "*"},
            {"HTTP_IF_MODIFIED_SINCE": "Fri, 01 Jan 2100 00:00:00 GMT"},
            {"HTTP_IF_MATCH": owner["ETag"]},
            {"HTTP_IF_UNMODIFIED_SINCE": "Fri, 01 Jan 2100 00:00:00 GMT"},
            {"HTTP_RANGE": "bytes=0-3"},
        ):
            response = client.get(url, **headers)
            assert response.status_code == 404, (role, headers, response.status_code)
            assert not response.has_header("ETag") and not response.has_header("Last-Modified")


@pytest.mark.parametrize("kind", ["attendees", "draft", "in_review"])
def test_head_requests_follow_the_same_rules(people, cases, kind):
    url = cases.image(kind).file.url
    assert client_for(None).head(url).status_code == 404
    assert client_for(people["other_submitter"]).head(url).status_code == 404
    assert client_for(people["submitter"]).head(url).status_code == 200


def test_path_tricks_do_not_reach_a_restricted_image(cases):
    original = cases.image("attendees").file.name  # original_images/<name>
    rendition = cases.image("draft").get_rendition("width-480").file.name  # images/<name>
    anonymous = client_for(None)
    for name in (original, rendition):
        folder, base = name.split("/", 1)
        other = "images" if folder == "original_images" else "original_images"
        for url in (
            f"/media/{name}",
            f"/media//{name}",
            f"/media/{folder}//{base}",
            f"/media/./{name}",
            f"/media/{other}/../{name}",
            f"/media/{other}/%2e%2e/{name}",
            f"/media/{folder}%2F{base}",
            f"/media/{folder}/{base}/",
            f"/media/{folder}/{base.upper()}",
            f"/media/{folder}/{base}%00.png",
            f"/media/{folder}/./{base}",
            f"/media/{folder}\\{base}",
            f"/media/{name}?download=1",
        ):
            response = anonymous.get(url)
            assert response.status_code == 404, (url, response.status_code)
            assert b"PNG" not in response.content


def test_a_file_without_an_image_record_is_not_served(settings, tmp_path):
    """A real image on disk that no image or rendition row names (a leftover, a copy) answers 404."""
    from pathlib import Path

    target = Path(settings.MEDIA_ROOT) / "images" / "leftover-0123456789abcdef0123456789abcdef.width-480.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(factories.png_bytes())
    assert client_for(None).get(f"/media/images/{target.name}").status_code == 404


# --- Names -------------------------------------------------------------------------------------


def test_an_image_saved_under_a_telling_name_is_stored_under_a_random_one():
    """Whatever path creates an image (the admin's library, an import), the title never reaches the file name."""
    import io

    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    image = get_image_model().objects.create(
        title="Narwhal border watch-list matching",
        file=ImageFile(io.BytesIO(factories.png_bytes()), name="narwhal-border-watch-list-matching.png"),
    )
    assert RANDOM_NAME.fullmatch(image.file.name) and "narwhal" not in image.file.name, image.file.name
    rendition = image.get_rendition("width-480").file.name
    assert RANDOM_NAME.fullmatch(rendition) and "narwhal" not in rendition, rendition


def test_demo_pictures_are_stored_under_random_names(db):
    from demo.catalogue import _picture_images, demo_cases

    case = next(case for case in demo_cases() if case.images)
    for item in _picture_images(case, 1):
        name = item.image.file.name
        assert RANDOM_NAME.fullmatch(name), name
        assert case.slug[:20] not in name and "demo-" + case.slug[:10] not in name, name


def test_an_image_request_costs_a_few_queries(cases, django_assert_max_num_queries):
    """A catalogue page asks for twenty thumbnails at once: each is a handful of indexed queries."""
    public = cases.image("public").get_rendition("fill-480x270").url
    restricted = cases.image("draft").get_rendition("fill-480x270").url
    anonymous = client_for(None)
    with django_assert_max_num_queries(5):
        assert anonymous.get(public).status_code == 200
    with django_assert_max_num_queries(5):
        assert anonymous.get(restricted).status_code == 404
