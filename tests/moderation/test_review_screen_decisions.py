"""Deciding on the review screen: through the task's own on_action, every rule kept, a message, then the queue."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState

from moderation.forms import override_field, rating_field
from moderation.models import Assessment
from tests import factories

from .conftest import complete_assessment, current_task_state, post_action, staff

BIDI = "\u202e"  # right-to-left override
ZERO_WIDTH = "\u200b"


def evidence_url(page) -> str:
    return reverse("moderation:evidence", args=[page.pk])


def post_decision(client, page, action: str, data: dict, *, follow: bool = False):
    task_state = current_task_state(page)
    payload = {"action": action, "task_state_id": str(task_state.pk), **data}
    return client.post(evidence_url(page), payload, follow=follow)


def messages_of(response) -> str:
    return " ".join(str(message.message) for message in response.context["messages"]) if response.context else ""


def test_approving_on_the_review_screen_sends_to_sign_off_and_back_to_the_queue(client, marked, reviewer):
    page = marked.page
    client.force_login(reviewer)
    data = complete_assessment(current_task_state(page))
    response = post_decision(client, page, "approve", data)
    assessment = Assessment.objects.get(page=page)
    assert response["Location"] == reverse("moderation:decision_made", args=[assessment.pk])
    followed = client.get(response["Location"], follow=True)
    assert followed.redirect_chain[-1][0] == reverse("moderation:queue")
    assert "Sent to editorial sign-off" in messages_of(followed)
    assert assessment.reviewer == reviewer and assessment.ratings.count() == 12
    assert PageLogEntry.objects.filter(page=page, action="moderation.approve", user=reviewer).exists()
    assert current_task_state(page).task.specific.asks_for_assessment is False  # now at sign-off


def test_an_incomplete_assessment_is_shown_again_with_its_errors_beside_the_criteria(client, marked, reviewer):
    page = marked.page
    type(marked).objects.filter(pk=marked.pk).update(supplier_may_reuse_data="yes")
    client.force_login(reviewer)
    data = complete_assessment(current_task_state(page))
    del data[rating_field("legal-basis")]
    data[override_field("supplier-reuses-data")] = ""
    data["note__bias-fairness"] = "KEEP-THIS-NOTE"
    response = post_decision(client, page, "approve", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your decision was not recorded yet:" in html
    assert 'href="#id_rating__legal-basis_0"' in html  # the summary links to the first radio of the group
    legal = html[html.index('<section id="criterion-legal-basis"'):html.index('<section id="criterion-necessity')]
    assert "Rate this criterion." in legal
    assert "Override this red flag with a written justification" in html
    assert "KEEP-THIS-NOTE" in html  # nothing typed is lost
    assert marked.markers["legal_basis_detail"] in html  # the evidence is still beside the form
    assert not Assessment.objects.exists()
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS


def test_request_changes_names_the_organisation(client, marked, reviewer):
    client.force_login(reviewer)
    response = post_decision(client, marked.page, "request_changes", {"message": "Please date the DPIA."}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("moderation:queue")
    assert "Changes requested from PUBLIC-organisation-name" in messages_of(response)
    assert Assessment.objects.get().decision == Assessment.CHANGES_REQUESTED


def test_decline_says_declined(client, marked, reviewer):
    client.force_login(reviewer)
    response = post_decision(client, marked.page, "decline", {"reason": "Out of scope."}, follow=True)
    assert "Declined" in messages_of(response)
    assert Assessment.objects.get().decision == Assessment.DECLINED


def test_sign_off_on_the_review_screen_publishes_with_a_link_to_the_case(client, marked, reviewer, editor):
    client.force_login(reviewer)
    post_decision(client, marked.page, "approve", complete_assessment(current_task_state(marked.page)))
    client.force_login(editor)
    html = client.get(evidence_url(marked.page)).content.decode()
    assert "The reviewer's assessment" in html and "CONFIDENTIAL-NOTE legal-basis" in html
    assert "PUBLIC-REVIEW-SUMMARY" in html
    response = post_decision(client, marked.page, "approve", {"comment": ""}, follow=True)
    marked.page.refresh_from_db()
    assert marked.page.live
    text = messages_of(response)
    assert "Published — " in text and f'href="{marked.page.url}"' in text and "View the case" in text


def test_posts_are_held_to_the_task_rules(client, marked, reviewer, editor):
    colleague = staff("colleague@police.example.org", "Reviewers", organisation=marked.organisation)
    data = complete_assessment(current_task_state(marked.page))
    for person in (colleague, editor):
        client.force_login(person)
        response = post_decision(client, marked.page, "approve", data)
        assert response.status_code == 302 and response["Location"] == reverse("moderation:queue")
        response = post_decision(client, marked.page, "decline", {"reason": "No."})
        assert response["Location"] == reverse("moderation:queue")
    client.force_login(reviewer)
    assert post_decision(client, marked.page, "publish", {}).status_code in (302, 403)  # not an action of the task
    assert not Assessment.objects.exists()
    assert current_task_state(marked.page).status == TaskState.STATUS_IN_PROGRESS


def test_a_form_for_a_round_that_is_over_records_nothing(client, marked, reviewer, second_reviewer):
    page = marked.page
    old = current_task_state(page)
    client.force_login(second_reviewer)
    post_decision(client, page, "approve", complete_assessment(old))
    client.force_login(reviewer)  # still looking at the review task's form; the case is at sign-off now
    response = client.post(evidence_url(page), {"action": "decline", "reason": "Late.", "task_state_id": old.pk})
    assert Assessment.objects.filter(decision=Assessment.DECLINED).count() == 0
    assert response.status_code == 302


def test_a_stale_task_state_on_a_live_task_is_refused(client, marked, reviewer):
    client.force_login(reviewer)
    response = client.post(evidence_url(marked.page), {"action": "decline", "reason": "No.", "task_state_id": "99999"})
    assert response["Location"] == reverse("moderation:queue")
    for hostile in ("x'--", "²", "9" * 40, "-1", "1e3", ""):
        response = client.post(evidence_url(marked.page), {"action": "decline", "reason": "No.",
                                                           "task_state_id": hostile})
        assert response["Location"] == reverse("moderation:queue"), hostile
    for hostile in ("", "approve<script>", "APPROVE", "a" * 5000):
        response = client.post(evidence_url(marked.page), {"action": hostile, "reason": "No.",
                                                           "task_state_id": current_task_state(marked.page).pk})
        assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/", hostile
    assert not Assessment.objects.exists()


def test_typed_text_loses_invisible_controls(client, marked, reviewer):
    client.force_login(reviewer)
    message = f"Please {BIDI}fdp.exe{ZERO_WIDTH} explain the retention."
    post_decision(client, marked.page, "request_changes", {"message": message})
    stored = Assessment.objects.get().message
    assert BIDI not in stored and ZERO_WIDTH not in stored and "fdp.exe explain" in stored


def test_notes_and_summary_lose_invisible_controls_on_approval(client, marked, reviewer):
    client.force_login(reviewer)
    data = complete_assessment(current_task_state(marked.page))
    data["note__legal-basis"] = f"Checked{BIDI} the act"
    data["public_summary"] = f"Proportionate{ZERO_WIDTH} safeguards."
    post_decision(client, marked.page, "approve", data)
    assessment = Assessment.objects.get()
    assert assessment.ratings.get(code="legal-basis").note == "Checked the act"
    assert assessment.public_summary == "Proportionate safeguards."


def test_hostile_answers_are_inert_on_the_review_screen(client, workflow, reviewer):
    from portal.submission import submit

    item = factories.complete_submission()
    hostile = {
        "legal_basis_detail": '<script>alert("legal")</script>',
        "audit_detail": '"><img src=x onerror=alert(1)>',
        "contact_name": "{{ request.user.password }}{% debug %}",
        "supplier_data_terms": "javascript:alert(1)",
        "evaluation_detail": "W" * 3000,
    }
    type(item).objects.filter(pk=item.pk).update(**hostile)
    from showcase import drafts

    drafts.save_draft(item.page, item.submitter, {"problem": "<iframe src=//evil.example></iframe>"})
    submit(item, item.submitter)
    client.force_login(reviewer)
    html = client.get(evidence_url(item.page)).content.decode()
    assert "<script>alert(" not in html and "&lt;script&gt;alert(&quot;legal&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<iframe src=//evil" not in html and "&lt;iframe" in html
    assert "{{ request.user.password }}" in html  # shown as typed, never evaluated
    assert 'href="javascript:' not in html
    assert "W" * 3000 in html  # shown whole; the stylesheet wraps it


def test_the_modal_path_ends_with_the_same_message(client, marked, reviewer):
    """Wagtail's own workflow-action view (the dashboard's modal) redirects to on_action's answer."""
    client.force_login(reviewer)
    response, payload = post_action(client, marked.page, "request_changes", {"message": "Add the dates."})
    assessment = Assessment.objects.get()
    assert payload["redirect"] == reverse("moderation:decision_made", args=[assessment.pk])
    followed = client.get(payload["redirect"], follow=True)
    assert "Changes requested from" in messages_of(followed)


def test_the_decision_message_is_only_for_the_decider(client, marked, reviewer, second_reviewer):
    client.force_login(reviewer)
    post_decision(client, marked.page, "request_changes", {"message": "Add the dates."})
    client.force_login(second_reviewer)
    response = client.get(reverse("moderation:decision_made", args=[Assessment.objects.get().pk]), follow=True)
    assert "Changes requested" not in messages_of(response)
    assert response.redirect_chain[-1][0] == reverse("moderation:queue")
