"""The wizard: every step validates and saves a draft (public answers to a page revision by the submitter,
confidential ones to the record), drafts resume, errors are summarised and linked, fields say their visibility."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse
from wagtail.models import Revision

from portal import submission as services
from portal.models import Submission
from portal.wizard import STEPS
from portal.wizard_messages import REQUIRED as REQUIRED_MESSAGES
from showcase import drafts
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

FORM_STEPS = [step.slug for step in STEPS if step.form_class is not None]

#: For each step, a required field to leave out and the id the error summary must link to.
REQUIRED = {
    "organisation": ("contact_phone", "id_contact_phone"),
    "use-case": ("title", "id_title"),
    "technology": ("personal_data", "id_personal_data_0"),
    "lawfulness": ("legal_basis_type", "id_legal_basis_type_0"),
    "oversight": ("human_review", "id_human_review_0"),
    "media": ("visibility", "id_visibility_0"),
}


def step_url(item, slug):
    return reverse("submit:step", args=[item.pk, slug])


@pytest.fixture
def item(client):
    draft = factories.draft_submission()
    client.force_login(draft.submitter)
    return draft


def test_start_creates_one_draft_per_token(client):
    owner = factories.submitter()
    client.force_login(owner)
    page = client.get(reverse("submit:start"))
    token = re.search(r'name="token" value="([0-9a-f-]+)"', page.content.decode()).group(1)
    first = client.post(reverse("submit:start"), {"token": token})
    second = client.post(reverse("submit:start"), {"token": token})  # a double click
    assert first["Location"] == second["Location"]
    assert Submission.objects.filter(submitter=owner).count() == 1
    item = Submission.objects.get(submitter=owner)
    assert item.page is not None and not item.page.live and item.status == "draft"
    assert item.page.get_latest_revision().user == owner
    assert item.organisation == owner.organisation
    # The organisation's answers are filled in from the account.
    assert drafts.public_answers(item.page)["organisation_name"] == owner.organisation.name
    client.post(reverse("submit:start"), {"token": str(uuid.uuid4())})
    assert Submission.objects.filter(submitter=owner).count() == 2


@pytest.mark.parametrize("slug", FORM_STEPS)
def test_every_step_shows_progress_and_visibility_labels(client, item, slug):
    html = client.get(step_url(item, slug)).content.decode()
    assert '<ol class="progress__steps">' in html
    current = re.search(r'<span aria-current="step">([^<]+)</span>', html).group(1)
    assert current == str(next(s.title for s in STEPS if s.slug == slug))
    assert "tag--public" in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all(re.search(r'\ssrc="/static/[^"]+"', tag) for tag in scripts), f"no inline scripts: {scripts}"
    assert f'<form method="post" action="{step_url(item, slug)}"' in html, "the form posts to the step's own address"


def test_the_steps_label_confidential_and_summary_fields(client, item):
    html = client.get(step_url(item, "technology")).content.decode()
    assert re.search(r'for="id_security_accreditation">[^<]*<span class="tag tag--confidential">Confidential', html)
    assert re.search(r'for="id_data_summary">[^<]*<span class="tag tag--summary">Summary published', html)
    assert re.search(r'for="id_supplier_name">[^<]*<span class="tag tag--public">Public', html)


@pytest.mark.parametrize("slug", FORM_STEPS)
def test_every_step_validates_with_a_linked_error_summary_and_saves_nothing(client, item, slug):
    before = Revision.objects.count()
    missing, anchor = REQUIRED[slug]
    response = client.post(step_url(item, slug), factories.step_data(slug, **{missing: None}))
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', html, re.S).group(0)
    assert f'href="#{anchor}"' in summary
    assert f'id="{anchor.rsplit("_0", 1)[0]}-error"' in html
    assert "<title>Error:" in html
    assert Revision.objects.count() == before


@pytest.mark.parametrize("slug", FORM_STEPS)
def test_every_step_saves_and_moves_on(client, item, slug):
    response = client.post(step_url(item, slug), factories.step_data(slug))
    assert response.status_code == 302, response.content.decode()[:2000]
    index = FORM_STEPS.index(slug)
    expected = STEPS[index + 1].slug
    assert response["Location"] == step_url(item, expected)
    revision = item.page.get_latest_revision()
    assert revision.user == item.submitter


def test_public_answers_go_to_the_page_revision_and_confidential_ones_to_the_record(client, item):
    client.post(step_url(item, "organisation"), factories.step_data("organisation"))
    client.post(step_url(item, "technology"), factories.step_data("technology"))
    item.refresh_from_db()
    draft = drafts.draft_of(item.page)
    assert draft.organisation_name == "PUBLIC-organisation-name"
    assert [str(c) for c in draft.countries] == ["FR", "NL"]
    assert draft.supplier_name == "PUBLIC-supplier"
    assert item.contact_name == factories.CONFIDENTIAL_MARKERS["contact_name"]
    assert item.contact_phone == factories.CONFIDENTIAL_MARKERS["contact_phone"]
    assert item.consent_to_publish is True
    assert item.data_provenance == ["collected"] and item.retention_limit == "yes"
    assert item.supplier_data_terms == factories.CONFIDENTIAL_MARKERS["supplier_data_terms"]
    revision_json = str(item.page.get_latest_revision().content)
    assert "CONFIDENTIAL-MARKER" not in revision_json


def test_leave_and_resume_a_half_filled_step(client, item):
    data = factories.step_data("use-case", title="PUBLIC-title My unfinished case", problem=None, benefits=None, decision_role=None)
    response = client.post(step_url(item, "use-case"), {**data, "action": "later"})
    assert response.status_code == 302 and response["Location"] == reverse("submissions:detail", args=[item.pk])
    # Later, perhaps in another session: the answers are there.
    html = client.get(step_url(item, "use-case")).content.decode()
    assert 'value="PUBLIC-title My unfinished case"' in html
    assert "Digital forensics" in html or "licence" in html.lower()
    item.page.refresh_from_db()
    assert item.page.slug.startswith("public-title-my-unfinished-case")
    assert "draft" == Submission.objects.get(pk=item.pk).status
    # "Save and come back later" still refuses a malformed answer.
    response = client.post(step_url(item, "use-case"), {**data, "title": "x" * 101, "action": "later"})
    assert response.status_code == 200 and b"Title must be at most 100 characters (it has 101)" in response.content


def test_conditional_questions_are_required_when_they_apply(client, item):
    response = client.post(step_url(item, "technology"), factories.step_data("technology", retention_period="", supplier_name=""))
    html = response.content.decode()
    assert "Say how long the data is kept." in html and "Name the supplier" in html
    response = client.post(
        step_url(item, "lawfulness"),
        factories.step_data("lawfulness", prohibited_practices=["realtime_remote_biometric_identification"]),
    )
    html = response.content.decode()
    assert "Name the exception of the AI Act you rely on." in html
    assert "Say whether a prior authorisation was given." in html
    response = client.post(
        step_url(item, "lawfulness"),
        factories.step_data("lawfulness", prohibited_practices=["none", "untargeted_face_scraping"]),
    )
    assert "None of these" in response.content.decode() and response.status_code == 200


def test_structured_answers_for_the_red_flags_are_stored(client):
    item = factories.complete_submission()
    assert item.prohibited_practices == ["none"]
    assert item.legal_basis_type == "statute" and item.coercive_use == "yes"
    assert item.human_review == "yes" and item.bulk_general_public == "no"
    assert item.dpia_status == "completed" and str(item.dpia_date) == "2024-05-01"
    assert item.accountable_person_name and item.logging_enabled == "yes"
    assert item.supplier_may_reuse_data == "no" and item.per_group_testing == "no"


def test_check_your_answers_lists_every_answer_with_change_links(client):
    item = factories.complete_submission()
    client.force_login(item.submitter)
    html = client.get(step_url(item, "check")).content.decode()
    assert "PUBLIC-title Licence plates at the border" in html
    assert factories.CONFIDENTIAL_MARKERS["contact_phone"] in html  # the submitter sees their own confidential answers
    assert f'href="{step_url(item, "use-case")}#id_title"' in html
    assert f'href="{step_url(item, "oversight")}#id_human_review_0"' in html
    assert "Some answers are still missing" not in html


def test_check_your_answers_refuses_an_incomplete_submission_with_links_to_the_steps(client, item):
    response = client.post(step_url(item, "check"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and f'href="{step_url(item, "use-case")}"' in html
    assert Submission.objects.get(pk=item.pk).status == "draft"


def test_missing_answers_lists_each_incomplete_step(item):
    problems = services.missing_answers(item)
    # The organisation step lacks the phone and consent; images and tags have defaults.
    assert set(problems) == {"organisation", "use-case", "technology", "lawfulness", "oversight"}
    complete = factories.complete_submission()
    assert services.missing_answers(complete) == {}


def test_unknown_step_is_404(client, item):
    assert client.get(reverse("submit:step", args=[item.pk, "nope"])).status_code == 404


# --- Error messages that name the question (GOV.UK) ---------------------------------------------------


def test_every_required_question_of_every_step_has_its_own_message():
    for step in STEPS:
        if step.form_class is None:
            continue
        form = step.form_class()
        for name, field in form.fields.items():
            if field.required:
                assert name in REQUIRED_MESSAGES, f"{step.slug}.{name} has no message of its own"
                assert field.error_messages["required"] == REQUIRED_MESSAGES[name]


@pytest.mark.parametrize("slug", FORM_STEPS)
def test_an_empty_step_names_every_missing_answer_in_the_summary_and_at_the_field(client, item, slug):
    from django.utils.html import escape

    step = next(s for s in STEPS if s.slug == slug)
    form = step.form_class()
    response = client.post(step_url(item, slug), {"action": "continue"})
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', html, re.S).group(0)
    assert "This field is required" not in html
    for name, field in form.fields.items():
        if not field.required:
            continue
        message = escape(str(REQUIRED_MESSAGES[name]))
        assert f'href="#{form.anchor_for(name)}">{message}</a>' in summary, f"{slug}.{name}: in the summary"
        at_field = re.search(rf'<p class="error-message" id="id_{name}-error">(.*?)</p>', html, re.S)
        assert at_field and message in at_field.group(1), f"{slug}.{name}: next to the field"


def test_the_use_case_step_says_enter_a_title_and_choose_the_stage(client, item):
    data = factories.step_data("use-case", title=None, deployment_stage=None)
    html = client.post(step_url(item, "use-case"), data).content.decode()
    assert '<a href="#id_title">Enter a title</a>' in html
    assert '<a href="#id_deployment_stage_0">Choose the deployment stage</a>' in html
    html = client.post(step_url(item, "organisation"), factories.step_data("organisation", countries=None)).content.decode()
    assert '<a href="#id_countries_0">Choose at least one country</a>' in html


def test_other_messages_name_the_question_too(client, item):
    html = client.post(step_url(item, "use-case"), factories.step_data("use-case", summary="s" * 351)).content.decode()
    assert "Short summary must be at most 350 characters (it has 351)" in html
    data = factories.step_data("organisation", contact_email="not-an-address")
    html = client.post(step_url(item, "organisation"), data).content.decode()
    assert "Enter an e-mail address in the correct format, like name@example.org" in html
    data = factories.step_data("lawfulness", dpia_date="2024-02-31")
    html = client.post(step_url(item, "lawfulness"), data).content.decode()
    assert "DPIA: date completed or planned must be a real date" in html


def test_check_your_answers_lists_the_named_messages(client, item):
    html = client.post(step_url(item, "check")).content.decode()
    assert "The use case: Enter a title" in html or "The use case: Enter a short summary" in html
    assert "This field is required" not in html


# --- The country picker: checkboxes, no modifier keys -----------------------------------------------------


def test_countries_are_checkboxes_with_a_filter_box_and_the_choice_in_words(client, item):
    html = client.get(step_url(item, "organisation")).content.decode()
    assert "<select" not in html and "Ctrl" not in html
    assert re.search(r'<input type="checkbox" name="countries" value="FR"[^>]*id="id_countries_\d+"', html)
    assert re.search(r'<div class="filter-choices__filter" hidden>\s*<label[^>]*for="id_countries-filter"', html), \
        "the filter box is there for the script, hidden without it"
    assert '<script src="/static/js/filter-choices.js" defer></script>' in html
    client.post(step_url(item, "organisation"), factories.step_data("organisation", countries=["NL", "FR", "KE"]))
    html = client.get(step_url(item, "organisation")).content.decode()
    assert re.search(r"<strong>Chosen:</strong> <span data-chosen-names>France, Kenya, Netherlands</span>", html)
    assert len(re.findall(r'name="countries" value="(?:FR|NL|KE)"[^>]*checked', html)) == 3
    assert [str(c) for c in drafts.draft_of(item.page).countries] == ["FR", "KE", "NL"], "stored as before"


def test_an_unknown_country_is_still_refused(client, item):
    html = client.post(step_url(item, "organisation"), factories.step_data("organisation", countries=["FR", "ZZ"])).content.decode()
    assert 'id="id_countries-error"' in html and "Countries where the system is used: choose one of the options" in html


# --- Stable addresses --------------------------------------------------------------------------------------


def test_adding_and_removing_an_image_stays_on_the_media_step_address(client, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("p.png", factories.png_bytes(), "image/png")
    data = {**factories.step_data("media"), "image": upload, "alt_text": "A diagram", "action": "upload"}
    response = client.post(step_url(item, "media"), data)
    assert response.status_code == 302 and response["Location"] == step_url(item, "media")
    image_id = drafts.draft_images(item.page)[0].image_id
    response = client.post(reverse("submit:remove_image", args=[item.pk, image_id]))
    assert response.status_code == 302 and response["Location"] == step_url(item, "media")
