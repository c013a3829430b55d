"""The public version history of a case: the versions that were live, field-level diffs of public fields, review outcomes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from moderation.models import Assessment, Rating
from showcase.models import UseCasePage
from showcase.versions import word_diff
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def new_version(page, **values):
    page = UseCasePage.objects.get(pk=page.pk)
    for name, value in values.items():
        setattr(page, name, value)
    revision = page.save_revision()
    revision.publish()
    return revision


def versions_html(client, page) -> str:
    response = client.get(f"{UseCasePage.objects.get(pk=page.pk).url}versions/")
    assert response.status_code == 200
    return response.content.decode()


def test_word_diff_marks_removed_and_added_words_and_escapes_everything():
    html = word_diff("Reads plates <b>at borders</b>.", "Reads plates at ferry ports & borders.")
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "<del>" in html and "<ins>" in html
    assert html.startswith("Reads plates ")


def test_versions_show_each_live_version_with_the_public_changes_and_nothing_else(client):
    case = factories.use_case(via_revision=True, summary="Reads licence plates at borders.")
    second = new_version(case, summary=f"Reads licence plates at ferry ports. {HOSTILE}", supplier_name="Acme Vision")
    # A draft after it never shows: it was never live.
    draft = UseCasePage.objects.get(pk=case.pk)
    draft.summary = "DRAFT-ONLY text"
    draft.save_revision()
    # The review of the second version, with what must never be public.
    assessment = Assessment.objects.create(
        page=case, revision=second, decision=Assessment.APPROVED, stage=Assessment.REVIEW,
        message="CONFIDENTIAL-MARKER-message-to-submitter", public_summary="", published_at=timezone.now(),
        reviewer=factories.user("named.reviewer@example.org", first_name="Rita", last_name="Reviewerson"),
    )  # fmt: skip
    Rating.objects.create(
        assessment=assessment, code="T1", principle="Transparency", question="Disclosed?",
        rating=Rating.MEETS, note="CONFIDENTIAL-MARKER-reviewer-note",
    )  # fmt: skip

    html = versions_html(client, case)

    assert html.count('class="case__section version"') == 2
    assert "Version 2" in html and "Version 1" in html and "First published version." in html
    assert "<del>" in html and "<ins>" in html and "ferry ports" in html
    assert "Short summary" in html and "Supplier" in html  # field by field, by their public labels
    assert "&lt;script&gt;" in html and HOSTILE not in html and "<img src=x" not in html
    assert "DRAFT-ONLY" not in html
    assert "Approved by the responsible-use review on" in html and "Transparency" in html
    for secret in ("CONFIDENTIAL-MARKER", "Reviewerson", "named.reviewer", *factories.CONFIDENTIAL_MARKERS.values()):
        assert secret not in html


def test_the_case_page_links_to_its_versions(client):
    case = factories.use_case(via_revision=True)
    assert f'href="{case.url}versions/"' in client.get(case.url).content.decode()


def test_a_version_that_was_for_attendees_only_stays_hidden_from_the_public(client):
    case = factories.use_case(via_revision=True, visibility="attendees", summary="RESTRICTED-ERA summary")
    new_version(case, visibility="public", summary="Public summary now.")
    html = versions_html(client, case)
    assert "RESTRICTED-ERA" not in html and html.count('class="case__section version"') == 1
    client.force_login(factories.attendee())
    assert versions_html(client, case).count('class="case__section version"') == 2


def test_a_restricted_case_versions_ask_for_a_log_in_and_an_unpublished_one_is_404(client):
    restricted = factories.use_case(via_revision=True, visibility="attendees")
    response = client.get(f"{restricted.url}versions/")
    assert response.status_code == 302 and "login" in response["Location"]
    gone = factories.use_case(via_revision=True)
    url = f"{gone.url}versions/"
    UseCasePage.objects.get(pk=gone.pk).unpublish()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("suffix", ["versions/extra/", "versions/<script>/", "versionsx/", "versions/%00/"])
def test_other_addresses_under_a_case_are_404(client, suffix):
    case = factories.use_case(via_revision=True)
    assert client.get(f"{case.url}{suffix}").status_code == 404
