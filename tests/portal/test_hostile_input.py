"""Hostile input in every text field: over-long text is refused; HTML and script are stored as text and escaped
everywhere they are shown (the wizard, check your answers, my submissions, the e-mails, the published page).
Confidential answers never reach the page, its revisions' public rendering, or its public URL."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from django.core.files.uploadedfile import SimpleUploadedFile

from portal import submission as services
from portal.models import Submission
from showcase import drafts
from portal.wizard import STEPS
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

SCRIPT = "<script>alert('owned')</script><b onmouseover=x>bold</b>"
ESCAPED = "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;"


def text_fields():
    """(step slug, field name, max length) for every free-text field of the wizard."""
    found = []
    for step in STEPS:
        if step.form_class is None:
            continue
        for name, field in step.form_class.base_fields.items():
            if type(field) in (forms.CharField,) and name not in ("image",):
                found.append((step.slug, name, field.max_length))
    return found


TEXT_FIELDS = text_fields()


def test_there_are_text_fields_to_attack():
    assert len(TEXT_FIELDS) >= 30


@pytest.fixture(scope="module")
def complete_submission_id(module_db) -> int:
    """One complete submission for the whole module (each test's changes roll back with its savepoint)."""
    return factories.complete_submission().pk


@pytest.fixture
def item(client, complete_submission_id):
    submission = Submission.objects.get(pk=complete_submission_id)
    client.force_login(submission.submitter)
    return submission


@pytest.mark.parametrize("slug, name, limit", TEXT_FIELDS, ids=[f"{s}.{n}" for s, n, _ in TEXT_FIELDS])
def test_over_long_text_is_refused_at_the_field(client, item, slug, name, limit):
    assert limit, f"{name} has no length limit"
    response = client.post(reverse("submit:step", args=[item.pk, slug]), factories.step_data(slug, **{name: "x" * (limit + 1)}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{name}-error"' in html and f"at most {limit} characters" in html


@pytest.mark.parametrize("slug, name, limit", TEXT_FIELDS, ids=[f"{s}.{n}" for s, n, _ in TEXT_FIELDS])
def test_html_and_script_are_stored_as_text_and_escaped(client, item, slug, name, limit):
    value = SCRIPT[:limit]
    if name == "tags":
        value = "<script>alert(1)</script>, <b>x</b>"
    extra = {}
    if name in ("alt_text", "caption"):  # stored with an image
        extra = {"alt_text": "Alt", "image": SimpleUploadedFile("p.png", factories.png_bytes(), "image/png")}
    response = client.post(reverse("submit:step", args=[item.pk, slug]), factories.step_data(slug, **{**extra, name: value}))
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    if name in ("alt_text", "caption"):
        stored = getattr(drafts.draft_images(item.page)[-1], name)
    else:
        stored = services.form_for(next(s for s in STEPS if s.slug == slug), item)[name].value()
    if name == "tags":
        assert "<script>alert(1)</script>" in stored
    else:
        assert stored == value, "stored exactly as typed"
    for url in (reverse("submit:step", args=[item.pk, slug]), reverse("submit:step", args=[item.pk, "check"]),
                reverse("submissions:detail", args=[item.pk]), reverse("submissions:list")):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<b onmouseover" not in html, url


def test_the_title_is_escaped_in_listings_emails_and_the_published_page(client, item, django_capture_on_commit_callbacks, mailoutbox):
    client.post(reverse("submit:step", args=[item.pk, "use-case"]), factories.step_data("use-case", title=SCRIPT[:100]))
    client.post(reverse("submit:step", args=[item.pk, "oversight"]), factories.step_data("oversight", human_oversight=SCRIPT))
    for url in (reverse("submissions:list"), reverse("submissions:detail", args=[item.pk])):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and ESCAPED in html
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(item, item.submitter)
        item.page.get_latest_revision().publish(user=factories.user(is_superuser=True))
    item.refresh_from_db()
    html_mail = "".join(body for m in mailoutbox for body, _ in m.alternatives)
    assert "<script>alert" not in html_mail and "&lt;script&gt;" in html_mail
    public = client.get(item.page.url)
    assert public.status_code == 200
    page_html = public.content.decode()
    assert "<script>alert" not in page_html and ESCAPED in page_html


def test_confidential_answers_never_reach_the_page_or_its_public_url(client, item):
    services.submit(item, item.submitter)
    item.page.get_latest_revision().publish(user=factories.user(is_superuser=True))
    item.refresh_from_db()
    page = item.page.specific
    assert page.live
    public_html = client.get(page.url).content.decode()
    client.logout()
    anonymous_html = client.get(page.url).content.decode()
    revisions = "".join(str(r.content) for r in page.revisions.all())
    stored_page = str(page.serializable_data())
    markers = list(factories.CONFIDENTIAL_MARKERS.values()) + ["CONFIDENTIAL-MARKER"]
    for marker in markers:
        assert marker not in public_html and marker not in anonymous_html, marker
        assert marker not in revisions and marker not in stored_page, marker
    assert "PUBLIC-oversight" in anonymous_html, "the public answers are shown"
