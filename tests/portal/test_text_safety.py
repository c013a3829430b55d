"""Text safety at the door: invisible bidi and zero-width controls typed into the wizard or the admin
are gone from what is stored and what is shown, so ``gnp<RLO>.exe`` never displays as ``exe.png``.

Covers the submission wizard (every step's form, the image's alt text and caption, the tags),
the Wagtail page editor of a case (the page form and its inline image forms) and the taxonomy
snippets. The browser check of the shown pages is tests/browser/test_text_overflow.py.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal import submission as services
from showcase import drafts
from showcase.models import UseCasePage
from showcase.taxonomies import UseCategory
from showcase.text import INVISIBLE_CONTROLS
from tests import factories
from tests.showcase.test_admin_editing import add_url, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

RLO, PDF, ZWSP, RLI, PDI = "\u202e", "\u202c", "\u200b", "\u2067", "\u2069"
SPOOFED_TITLE = f"Invoice gnp{RLO}.exe"
SPOOFED_PROBLEM = f"Cameras {RLI}read{PDI} plates; the log is exp{ZWSP}orted as gnp{RLO}.exe{PDF} daily."


def step_url(item, slug: str) -> str:
    return reverse("submit:step", args=[item.pk, slug])


def assert_no_controls(text: str, where: str) -> None:
    found = INVISIBLE_CONTROLS.search(text)
    assert found is None, f"{where}: {found.group(0)!r} at {text[max(0, found.start() - 60):found.start() + 20]!r}"


@pytest.fixture
def item(client):
    submission = factories.complete_submission()
    client.force_login(submission.submitter)
    return submission


def test_the_wizard_removes_the_override_from_title_and_problem(client, item, django_capture_on_commit_callbacks):
    response = client.post(step_url(item, "use-case"), factories.step_data("use-case", title=SPOOFED_TITLE, problem=SPOOFED_PROBLEM))
    assert response.status_code == 302
    draft = drafts.draft_of(item.page)
    assert draft.title == "Invoice gnp.exe"
    assert draft.problem == "Cameras read plates; the log is exported as gnp.exe daily."
    assert_no_controls(json.dumps(item.page.get_latest_revision().content, ensure_ascii=False), "the stored revision")

    check = client.get(step_url(item, "check")).content.decode()
    assert "Invoice gnp.exe" in check
    assert_no_controls(check, "check your answers")

    with django_capture_on_commit_callbacks(execute=True):
        services.submit(item, item.submitter)
        item.page.get_latest_revision().publish(user=factories.user(is_superuser=True, is_staff=True))
    client.logout()
    page = UseCasePage.objects.get(pk=item.page.pk)
    html = client.get(page.url).content.decode()
    assert "<h1" in html and "Invoice gnp.exe</h1>" in html
    assert_no_controls(html, "the published case page")


def test_the_wizard_cleans_confidential_answers_alt_text_caption_and_tags(client, item):
    client.post(step_url(item, "technology"), factories.step_data("technology", security_accreditation=f"ISO{RLO} 27001"))
    data = {
        **factories.step_data("media"),
        "image": SimpleUploadedFile("p.png", factories.png_bytes(), "image/png"),
        "alt_text": f"A diagram of gnp{RLO}.exe",
        "caption": f"{RLI}Caption{PDI}",
        "tags": f"gnp{RLO}.exe, {ZWSP}, drones",
        "action": "upload",
    }
    assert client.post(step_url(item, "media"), data).status_code == 302
    item.refresh_from_db()
    assert item.security_accreditation == "ISO 27001"
    image = drafts.draft_images(item.page)[-1]
    assert (image.alt_text, image.caption) == ("A diagram of gnp.exe", "Caption")
    assert sorted(drafts.public_answers(item.page)["tags"]) == ["drones", "gnp.exe"], "no empty tag"


@pytest.mark.parametrize("typed", [RLO, f" {RLO}{PDF} ", f"{ZWSP}\ufeff"])
def test_an_answer_of_invisible_controls_only_is_unanswered(client, item, typed):
    response = client.post(step_url(item, "use-case"), factories.step_data("use-case", title=typed))
    assert response.status_code == 200
    assert '<a href="#id_title">Enter a title</a>' in response.content.decode()
    assert drafts.draft_of(item.page).title == factories.WIZARD_ANSWERS["use-case"]["title"], "nothing saved"


# --- The Wagtail admin ----------------------------------------------------------------------------------


def image_rows(alt_text: str, caption: str) -> list[dict]:
    return [{"image": factories.image().pk, "alt_text": alt_text, "caption": caption}]


def test_the_admin_editor_removes_the_override_from_title_problem_and_image_texts(admin_client):
    data = form_data(title=SPOOFED_TITLE, problem=SPOOFED_PROBLEM, images=image_rows(f"gnp{RLO}.exe", f"{RLI}x{PDI}"))
    response = admin_client.post(add_url(), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    case = UseCasePage.objects.get(title="Invoice gnp.exe")
    assert case.problem == "Cameras read plates; the log is exported as gnp.exe daily."
    assert [(i.alt_text, i.caption) for i in case.images.all()] == [("gnp.exe", "x")]
    html = admin_client.get(case.url).content.decode()
    assert "Invoice gnp.exe</h1>" in html
    assert_no_controls(html, "the case page")


def test_a_draft_saved_in_the_admin_editor_is_clean_too(admin_client):
    case = factories.use_case(title="Plates", via_revision=True)
    data = form_data(title=f"Plates {RLO}v2", problem=SPOOFED_PROBLEM, slug=case.slug)
    data.pop("action-publish")
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[case.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    revision = UseCasePage.objects.get(pk=case.pk).get_latest_revision()
    assert revision.content["title"] == "Plates v2"
    assert_no_controls(json.dumps(revision.content, ensure_ascii=False), "the admin's draft revision")
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[case.pk])).content.decode()
    assert "Plates v2" in editor


def test_a_taxonomy_typed_in_the_admin_loses_the_override(admin_client):
    url = reverse("wagtailsnippets_showcase_usecategory:add")
    response = admin_client.post(url, {"name": f"Plate {RLO}readers", "slug": "plate-readers-x", "description": f"a{ZWSP}b", "active": "on"})
    assert response.status_code == 302, response.content.decode()[:1500]
    category = UseCategory.objects.get(slug="plate-readers-x")
    assert (category.name, category.description) == ("Plate readers", "ab")
