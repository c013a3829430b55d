"""The public "Responsible-use review": outcome per principle, risk tier, summary, date — nothing confidential."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from django.urls import reverse

from moderation.public_review import principle_outcome, public_review

from .conftest import complete_assessment, current_task_state, post_action

pytestmark = pytest.mark.embedded


def test_principle_outcome_is_the_worst_applicable_rating():
    assert principle_outcome(["meets", "partly"]) == "partly"
    assert principle_outcome(["meets", "does_not_meet", "not_applicable"]) == "does_not_meet"
    assert principle_outcome(["not_applicable", "meets"]) == "meets"
    assert principle_outcome(["not_applicable"]) == "not_applicable"


def test_no_public_review_before_publication(client, submitted, reviewer):
    assert public_review(submitted.page) is None
    client.force_login(reviewer)
    post_action(client, submitted.page, "approve", complete_assessment(current_task_state(submitted.page)))
    submitted.page.refresh_from_db()
    assert public_review(submitted.page) is None


def test_public_review_holds_nothing_confidential(client, submitted, reviewer, editor):
    page = submitted.page
    type(submitted).objects.filter(pk=submitted.pk).update(logging_enabled="no")
    client.force_login(reviewer)
    post_action(client, page, "approve", complete_assessment(current_task_state(page), rating="partly"))
    client.force_login(editor)
    post_action(client, page, "approve", {"comment": "CONFIDENTIAL-SIGN-OFF-COMMENT"})
    page.refresh_from_db()
    review = public_review(page)
    assert review.risk_tier == "High-risk (Annex III)"
    assert {p.outcome for p in review.principles} == {"partly"}
    text = repr(asdict(review))
    for secret in ("CONFIDENTIAL", reviewer.email, editor.email, str(reviewer), "override"):
        assert secret not in text


def test_editor_shows_red_flags_to_moderators(client, submitted, reviewer):
    type(submitted).objects.filter(pk=submitted.pk).update(logging_enabled="no")
    client.force_login(reviewer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[submitted.page.pk]))
    assert response.status_code == 200
    assert "The system&#x27;s use is not logged." in response.content.decode() or \
        "The system's use is not logged." in response.content.decode()


def test_published_case_page_shows_the_public_review_only(client, submitted, reviewer, editor):
    page = submitted.page
    client.force_login(reviewer)
    data = complete_assessment(current_task_state(page), rating="partly")
    data["public_summary"] = "Proportionate use with a human in the loop."
    post_action(client, page, "approve", data)
    client.force_login(editor)
    post_action(client, page, "approve", {"comment": "CONFIDENTIAL-SIGN-OFF-COMMENT"})
    page.refresh_from_db()
    assert page.live

    client.logout()
    html = client.get(page.url).content.decode()
    review = html[html.index('id="case-review"'):]
    review = review[: review.index("</section>")]
    assert "Proportionate use with a human in the loop." in review
    assert "Partly meets" in review
    assert "High-risk (Annex III)" in review
    assert "<time datetime=" in review
    # Notes, overrides and the sign-off comment all carry the marker "CONFIDENTIAL".
    for secret in ("CONFIDENTIAL", reviewer.email, editor.email):
        assert secret not in html


def test_case_without_a_published_review_says_so(client, submitted):
    page = submitted.page
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "No published review yet." in html


def test_a_changed_review_shows_on_the_next_request_to_a_signed_in_reader(
    client, submitted, reviewer, editor, reader_fragments_on
):
    """The review is kept in a reader fragment (showcase.reader_fragments): an assessment's save moves its stamp."""
    from django.test import Client

    from moderation.models import Assessment
    from tests import factories

    page = submitted.page
    client.force_login(reviewer)
    data = complete_assessment(current_task_state(page), rating="partly")
    data["public_summary"] = "FIRST public summary."
    post_action(client, page, "approve", data)
    client.force_login(editor)
    post_action(client, page, "approve", {"comment": "Signed off."})
    page.refresh_from_db()
    reader = Client()
    reader.force_login(factories.attendee())
    assert "FIRST public summary." in reader.get(page.url).content.decode()
    approval = Assessment.objects.get(page=page, stage=Assessment.REVIEW, decision=Assessment.APPROVED)
    Assessment.objects.filter(pk=approval.pk).update(public_summary="HIDDEN summary.")  # no signal, no stamp
    assert "FIRST public summary." in reader.get(page.url).content.decode()  # the kept fragment
    approval.refresh_from_db()
    approval.public_summary = "SECOND public summary."
    approval.save()
    html = reader.get(page.url).content.decode()
    assert "SECOND public summary." in html and "FIRST public summary." not in html
