"""Hostile input that must be REFUSED with a clear message (never a 500), and never cost the submitter saved answers.

NUL bytes, empty and invisible-only answers, forged choices (unknown, huge, repeated
or array values), malformed dates and e-mail addresses, malformed query strings on
every page that reads one, and lying or malicious image uploads through the wizard
(portal/uploads.py). After each refusal, every answer saved before is still there.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from portal import submission as services
from portal.models import Submission
from portal.wizard import STEPS
from portal.wizard_messages import REQUIRED as REQUIRED_MESSAGES
from showcase import drafts
from tests import factories

from . import hostile_corpus as corpus
from .test_hostile_display import FIELDS, audit

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

FORM_STEPS = [step for step in STEPS if step.form_class is not None]


@pytest.fixture(scope="module")
def complete_submission_id(module_db) -> int:
    """One complete submission for the whole module (each test's changes roll back with its savepoint)."""
    return factories.complete_submission().pk


@pytest.fixture
def item(client, complete_submission_id):
    submission = Submission.objects.get(pk=complete_submission_id)
    client.force_login(submission.submitter)
    return submission


def snapshot(item) -> dict:
    """Every saved answer: the page draft's public ones, the record's confidential ones, the images."""
    record = Submission.objects.get(pk=item.pk)
    answers = {}
    stored = services.stored_answers(record)
    for step in FORM_STEPS:
        form = services.form_for(step, record, answers=stored)
        for name in form.fields:
            if name != "image":
                value = form[name].value()
                answers[f"{step.slug}.{name}"] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    answers["images"] = [(i.image_id, i.alt_text) for i in drafts.draft_images(record.page)]
    return answers


def refused(response, field: str) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html, f"{field}: the error is shown next to the field"
    assert "There is a problem" in html, "the error summary is shown"
    return html


# --- NUL bytes, empty and invisible values ----------------------------------------------------------------


@pytest.mark.parametrize("payload", corpus.CONTROL, ids=[p.name for p in corpus.CONTROL])
@pytest.mark.parametrize("action", ["continue", "later"])
def test_a_nul_byte_is_refused_at_the_field_and_nothing_saved_is_lost(client, item, payload, action):
    before = snapshot(item)
    for slug, name, _limit in FIELDS:
        response = client.post(
            reverse("submit:step", args=[item.pk, slug]), {**factories.step_data(slug), name: payload.text, "action": action}
        )
        html = refused(response, name)
        assert "Null characters are not allowed" in html
    assert snapshot(item) == before


REQUIRED_TEXT = [(s, n) for s, n, _ in FIELDS
                 if next(st for st in FORM_STEPS if st.slug == s).form_class.base_fields[n].required]


@pytest.mark.parametrize("payload", corpus.EMPTY, ids=[p.name for p in corpus.EMPTY])
def test_empty_and_blank_answers_to_required_questions_are_refused(client, item, payload):
    before = snapshot(item)
    for slug, name in REQUIRED_TEXT:
        response = client.post(reverse("submit:step", args=[item.pk, slug]), factories.step_data(slug, **{name: payload.text}))
        if payload.text.strip():  # invisible characters that are not whitespace: stored as typed, shown harmlessly
            assert response.status_code == 302
            continue
        assert escape(str(REQUIRED_MESSAGES[name])) in refused(response, name), "the message names the question"
    if not payload.text.strip():
        assert snapshot(item) == before


def test_a_draft_save_of_one_hostile_step_keeps_the_other_steps(client, item):
    """ "Save and come back later" with a hostile step saves that step only."""
    before = snapshot(item)
    response = client.post(
        reverse("submit:step", args=[item.pk, "use-case"]),
        {"title": corpus.MARKUP[0].text[:100], "action": "later"},
    )
    assert response.status_code == 302
    after = snapshot(item)
    assert after["use-case.title"] == corpus.MARKUP[0].text[:100]
    changed = {key.split(".")[0] for key in before if before[key] != after[key]}
    assert changed == {"use-case"}, "only the saved step changed"


# --- Forged choices, dates, e-mail addresses ----------------------------------------------------------------

HUGE = "9" * 40
FORGED = [
    ("organisation", "organisation_type", HUGE),
    ("organisation", "organisation_type", "-1"),
    ("organisation", "organisation_type", "1e9"),
    ("organisation", "organisation_type", "<script>alert(1)</script>"),
    ("organisation", "countries", ["ZZ"]),
    ("organisation", "countries", "<svg onload=alert(1)>"),
    ("organisation", "contact_email", "\"><script>alert(1)</script>@example.org"),
    ("organisation", "contact_email", "a@b@c"),
    ("organisation", "contact_email", "x" * 300 + "@example.org"),
    ("organisation", "contact_email", "victim@example.org\r\nBcc: all@example.org"),
    ("use-case", "deployment_stage", HUGE),
    ("use-case", "use_categories", [HUGE]),
    ("use-case", "use_categories", ["abc", "1.5", "%00"]),
    ("use-case", "use_categories", [str(n) for n in range(1, 2000)]),
    ("use-case", "crime_areas", ["-99999999999999999999"]),
    ("use-case", "crime_areas", [str(2**63)]),
    ("organisation", "organisation_type", str(2**63)),
    ("use-case", "decision_role", "0x10"),
    ("use-case", "content_language", "xx\u202e"),
    ("technology", "ai_techniques", [HUGE, "1"]),
    ("technology", "build_approach", "supplier' OR '1'='1"),
    ("technology", "data_provenance", ["collected", "<b>x</b>"]),
    ("lawfulness", "risk_tier_claimed", HUGE),
    ("lawfulness", "dpia_date", "99999-99-99"),
    ("lawfulness", "dpia_date", "0000-00-00"),
    ("lawfulness", "dpia_date", "2024-02-30"),
    ("lawfulness", "dpia_date", "1" * 5000),
    ("lawfulness", "annex_iii_point", "<img src=x onerror=alert(1)>"),
    ("lawfulness", "prohibited_practices", ["none", "none", "social_scoring"]),
    ("oversight", "evaluation_basis", "\x00"),
    ("media", "visibility", "everyone"),
    ("media", "tags", ", ".join(f"tag{n}" for n in range(200))),
    ("media", "tags", "x" * 51),
]


#: Repeated keys of a one-value question: like any form, the last one counts (a valid answer, saved).
LAST_ONE_COUNTS = [
    ("organisation", "organisation_type", ["999", "1"]),
    ("organisation", "countries", ["FR"] * 500),
    ("technology", "personal_data", ["yes", "no"]),
]


@pytest.mark.parametrize("slug, name, value", LAST_ONE_COUNTS, ids=[f"{s}.{n}" for s, n, _ in LAST_ONE_COUNTS])
def test_repeated_keys_are_read_like_a_browser_form(client, item, slug, name, value):
    response = client.post(reverse("submit:step", args=[item.pk, slug]), factories.step_data(slug, **{name: value}))
    assert response.status_code == 302
    stored = snapshot(item)[f"{slug}.{name}"]
    assert stored == (["FR"] if name == "countries" else value[-1])


@pytest.mark.parametrize("slug, name, value", FORGED, ids=[f"{s}.{n}-{i}" for i, (s, n, _) in enumerate(FORGED)])
def test_forged_values_are_refused_with_a_message(client, item, slug, name, value):
    before = snapshot(item)
    response = client.post(reverse("submit:step", args=[item.pk, slug]), factories.step_data(slug, **{name: value}))
    html = refused(response, name)
    assert not audit(html, [])
    assert "<script>alert(1)" not in html and "<svg onload" not in html and "<img src=x" not in html
    assert snapshot(item) == before


def test_a_hostile_post_with_unknown_and_repeated_keys_is_harmless(client, item):
    before = snapshot(item)
    data = {**factories.step_data("oversight"), "status": "published", "submitter": "1", "is_superuser": "on",
            "page": "1", "csrfmiddlewaretoken": ["a", "b"], "action": ["later", "continue", "upload"]}
    response = client.post(reverse("submit:step", args=[item.pk, "oversight"]), data)
    assert response.status_code == 302
    record = Submission.objects.get(pk=item.pk)
    assert record.status == "draft" and record.submitter_id == item.submitter_id
    assert snapshot(item) == before, "the same answers again: nothing else changed"


@pytest.mark.parametrize("path", ["/submit/{pk}/nope/", "/submit/{pk}/../check/", "/submit/999999999999999999999/check/",
                                  "/submit/-1/check/", "/submissions/{pk}%00/", "/submissions/99999999999999999999/"])
def test_forged_wizard_urls_are_not_found(client, item, path):
    response = client.get(path.format(pk=item.pk))
    assert response.status_code in (301, 302, 404)


# --- Malformed query strings everywhere --------------------------------------------------------------------


def query_pages(item) -> list[str]:
    return ["/cases/", "/cases/suggest/", "/submit/", reverse("submit:step", args=[item.pk, "use-case"]),
            reverse("submit:step", args=[item.pk, "check"]), reverse("submissions:list"),
            reverse("submissions:detail", args=[item.pk]), "/accounts/login/", "/"]


@pytest.mark.parametrize("payload", corpus.QUERY, ids=[p.name for p in corpus.QUERY])
def test_malformed_query_strings_never_fail(client, item, payload):
    for path in query_pages(item):
        response = client.get(f"{path}?{payload.text}")
        assert response.status_code in (200, 302, 400), (path, response.status_code)
        if response.status_code == 200 and "html" in response["Content-Type"]:
            html = response.content.decode()
            assert "<script>alert(1)" not in html and not audit(html, []), path


@pytest.mark.parametrize("payload", corpus.QUERY[:8], ids=[p.name for p in corpus.QUERY[:8]])
def test_malformed_query_strings_on_the_moderation_queue(client, payload):
    from moderation.setup import setup_moderation

    setup_moderation()
    client.force_login(factories.user(is_superuser=True, is_staff=True))
    response = client.get(f"{reverse('moderation:queue')}?{payload.text}")
    assert response.status_code in (200, 400)


def test_a_hostile_next_parameter_never_redirects_off_site(client):
    account = factories.submitter(password="a-test-password-42")
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example", "%2F%2Fevil.example"):
        response = client.post(f"/accounts/login/?next={target}", {"username": account.email, "password": "a-test-password-42"})
        assert response.status_code == 302
        location = response["Location"]
        assert not location.startswith(("http://evil", "https://evil", "//", "javascript:", "/\\")), location
        client.logout()


# --- Lying and malicious uploads -------------------------------------------------------------------------

UPLOADS = corpus.uploads()


@pytest.mark.parametrize("upload", UPLOADS, ids=[u.name for u in UPLOADS])
def test_lying_and_malicious_uploads(client, item, upload):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = snapshot(item)
    file = SimpleUploadedFile(upload.filename, upload.content, upload.content_type)
    response = client.post(
        reverse("submit:step", args=[item.pk, "media"]),
        factories.step_data("media", image=file, alt_text="A diagram", action="upload"),
    )
    if not upload.accepted:
        html = refused(response, "image")
        assert "<svg" not in html.split("<main", 1)[-1].split("</main>")[0] or "onload" not in html
        assert snapshot(item) == before, "a refused file loses nothing and adds nothing"
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    images = drafts.draft_images(item.page)
    assert len(images) == 1
    stored = images[0].image
    name = stored.file.name.rsplit("/", 1)[-1]
    assert name.startswith("case-") and name.rsplit(".", 1)[-1] in ("png", "jpg", "webp"), name
    stored.file.open("rb")
    content = stored.file.read()
    stored.file.close()
    for needle in (b"<?php", b"<script", b"<!DOCTYPE"):
        assert needle not in content, "the file is re-encoded: anything after the image is gone"
    assert "etc" not in stored.file.name and "onerror" not in stored.file.name
