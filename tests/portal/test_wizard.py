"""The wizard: every step validates and saves a draft (public answers to a page revision by the submitter,
confidential ones to the record), drafts resume, errors are summarised and linked, fields say their visibility."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse
from wagtail.models import Revision

from portal import submission as services
from portal.records import Submission
from portal.wizard import STEPS
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
    assert "<script" not in html, "no inline (or any) scripts"


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
    assert response.status_code == 200 and b"at most 100 characters" in response.content


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
