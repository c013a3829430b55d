"""The review screen: every answer for whoever may act on the current task, nobody else; each opening logged."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState

from moderation.models import Assessment
from moderation.review_views import VIEW_EVIDENCE, VIEW_EVIDENCE_SUPPORT
from tests import factories

from .conftest import complete_assessment, current_task_state, post_action, staff

pytestmark = pytest.mark.embedded


def evidence_url(page) -> str:
    return reverse("moderation:evidence", args=[page.pk])


def shown_markers(response, markers: dict[str, str]) -> list[str]:
    text = response.content.decode()
    return [name for name, value in markers.items() if value in text]


def answer_block(html: str, name: str) -> str:
    match = re.search(rf'<div class="review-answer review-answer--(\w+)" data-answer="{name}">(.*?)</div>', html, re.S)
    assert match, f"answer {name} not shown"
    return match.group(0)


def section(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}"')
    return html[start:html.index("</section>", start)]


def openings(page, action: str = VIEW_EVIDENCE):
    return PageLogEntry.objects.filter(page=page, action=action)


def approve_review(client, page, person) -> None:
    client.force_login(person)
    response, payload = post_action(client, page, "approve", complete_assessment(current_task_state(page)))
    assert payload["step"] == "success", payload


# --- The reviewer sees everything, grouped by criterion ------------------------------------------------------


def test_the_reviewer_sees_every_answer_grouped_by_criterion_and_the_opening_is_logged(client, marked, reviewer):
    client.force_login(reviewer)
    response = client.get(evidence_url(marked.page))
    assert response.status_code == 200
    html = response.content.decode()
    assert shown_markers(response, marked.markers) == list(marked.markers)
    # Each confidential answer is marked as such, and sits under the criterion it is evidence for.
    for name in marked.markers:
        assert 'review-answer--confidential"' in answer_block(html, name)
        assert "Confidential</span>" in answer_block(html, name)
    assert marked.markers["legal_basis_detail"] in section(html, "criterion-legal-basis")
    assert marked.markers["supplier_data_terms"] in section(html, "criterion-security-vendor")
    assert marked.markers["retention_period"] in section(html, "criterion-data-governance")
    assert marked.markers["accountable_person_name"] in section(html, "criterion-accountability-audit")
    # Contact details are evidence for no criterion: their own, labelled group.
    other = section(html, "other-answers")
    assert "Answers no criterion rests on" in other
    assert marked.markers["contact_name"] in other and marked.markers["contact_phone"] in other
    assert marked.markers["contact_name"] not in section(html, "criterion-legal-basis")
    # Public and summary answers are there too, with their visibility.
    assert 'review-answer--public" data-answer="problem"' in html
    assert 'review-answer--summary" data-answer="legal_basis_summary"' in html
    # Twelve criteria, each with its rating beside it.
    assert html.count('class="review-criterion"') == 12
    assert html.count('type="radio" name="rating__') == 12 * 4
    entry = openings(marked.page).get()
    assert entry.user == reviewer
    assert entry.data["task_state"] == current_task_state(marked.page).pk
    assert entry.timestamp is not None


def test_red_flags_stand_beside_the_answers_that_raised_them(client, marked, reviewer):
    type(marked).objects.filter(pk=marked.pk).update(supplier_may_reuse_data="yes", logging_enabled="no")
    client.force_login(reviewer)
    html = client.get(evidence_url(marked.page)).content.decode()
    supplier = answer_block(html, "supplier_may_reuse_data")
    assert "Red flag:" in supplier and "The supplier may reuse operational data without an agreement." in supplier
    logging = answer_block(html, "logging_enabled")
    assert "The system&#x27;s use is not logged." in logging or "The system’s use is not logged." in logging
    assert "Red flag:" not in answer_block(html, "security_accreditation")
    # The override of each flag is asked in its criterion's section.
    assert 'name="override__supplier-reuses-data"' in section(html, "criterion-security-vendor")
    assert 'name="override__no-logging"' in section(html, "criterion-accountability-audit")


def test_images_are_shown_as_renditions(client, workflow, reviewer):
    from portal.submission import submit

    item = factories.complete_submission(image_count=1)
    submit(item, item.submitter)
    client.force_login(reviewer)
    html = client.get(evidence_url(item.page)).content.decode()
    images = section(html, "images")
    assert "<img" in images and 'alt="PUBLIC-alt 0"' in images
    assert ".max-320x240." in images


# --- Nobody else --------------------------------------------------------------------------------------------------


def test_conflicted_reviewer_and_editor_are_refused_and_nothing_is_logged(client, marked):
    colleague = staff("colleague@police.example.org", "Reviewers", organisation=marked.organisation)
    editor_colleague = staff("editor-colleague@police.example.org", "Editors", organisation=marked.organisation)
    for person in (colleague, editor_colleague):
        client.force_login(person)
        response = client.get(evidence_url(marked.page))
        assert response.status_code == 302 and response["Location"] == reverse("moderation:queue")
        followed = client.get(response["Location"])
        assert not shown_markers(followed, marked.markers)
    client.force_login(colleague)
    assert "conflict of interest" in client.get(evidence_url(marked.page), follow=True).content.decode()
    assert not openings(marked.page).exists()


def test_staff_not_on_the_current_task_are_refused(client, marked, reviewer, second_reviewer, editor, second_editor):
    # At the review task: an editor is not one of its people.
    client.force_login(editor)
    response = client.get(evidence_url(marked.page), follow=True)
    assert not shown_markers(response, marked.markers)
    assert "which is not yours" in response.content.decode()
    # At sign-off: the reviewers are not (neither the one who approved nor another one); an editor is.
    approve_review(client, marked.page, reviewer)
    for person in (reviewer, second_reviewer):
        client.force_login(person)
        assert not shown_markers(client.get(evidence_url(marked.page), follow=True), marked.markers)
    client.force_login(second_editor)
    response = client.get(evidence_url(marked.page))
    assert response.status_code == 200 and shown_markers(response, marked.markers) == list(marked.markers)
    assert list(openings(marked.page).values_list("user", flat=True)) == [second_editor.pk]


def test_four_eyes_the_approver_cannot_open_the_sign_off(client, marked, workflow):
    both = staff("both@review.example.org", "Reviewers")
    both.groups.add(Group.objects.get(name="Editors"))
    approve_review(client, marked.page, both)
    response = client.get(evidence_url(marked.page), follow=True)
    assert not shown_markers(response, marked.markers)
    assert "four-eyes" in response.content.decode()


def test_a_claim_keeps_other_reviewers_out(client, marked, reviewer, second_reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("moderation:claim", args=[marked.page.pk]))
    assert response["Location"] == evidence_url(marked.page)  # a claim leads to the review screen
    html = client.get(evidence_url(marked.page)).content.decode()
    assert "Claimed by you." in html and "Release your claim" in html
    client.force_login(second_reviewer)
    response = client.get(evidence_url(marked.page), follow=True)
    assert not shown_markers(response, marked.markers) and "is claimed by" in response.content.decode()


def test_people_outside_the_admin_never_see_it(client, marked):
    people = {
        "anonymous": None,
        "submitter": marked.submitter,
        "other_submitter": factories.submitter(),
        "attendee": factories.attendee(),
    }
    for role, person in people.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        response = client.get(evidence_url(marked.page))
        assert response.status_code == 302 and "/admin/login/" in response["Location"], role
        assert not shown_markers(client.get(response["Location"]), marked.markers), role
        posted = client.post(evidence_url(marked.page), {"action": "decline", "reason": "x"})
        assert posted.status_code == 302 and not shown_markers(posted, marked.markers), role
    assert current_task_state(marked.page).status == TaskState.STATUS_IN_PROGRESS


def test_staff_outside_the_moderation_groups_are_refused(client, marked):
    from django.contrib.auth.models import Permission

    outsider = factories.user(is_staff=True)
    group = Group.objects.create(name="Other staff")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    outsider.groups.add(group)
    client.force_login(outsider)
    response = client.get(evidence_url(marked.page))
    assert response.status_code in (302, 403) and not shown_markers(response, marked.markers)


def test_a_case_not_in_review_has_no_evidence_view(client, submitted, reviewer):
    from portal.submission import withdraw

    withdraw(submitted, submitted.submitter)  # handed to review once, then withdrawn: no longer in review
    client.force_login(reviewer)
    response = client.get(evidence_url(submitted.page), follow=True)
    assert "This case is not in review." in response.content.decode()
    assert client.get(reverse("moderation:evidence", args=[987654])).status_code == 404
    # A draft never handed to review is private to its owner: for staff it does not exist (issue 21).
    draft = factories.complete_submission()
    assert client.get(evidence_url(draft.page)).status_code == 404


# --- Administrators: support, logged --------------------------------------------------------------------------


def test_an_administrator_who_may_act_opens_it_as_a_reviewer(client, marked, administrator):
    client.force_login(administrator)
    response = client.get(evidence_url(marked.page))
    assert shown_markers(response, marked.markers) == list(marked.markers)
    assert openings(marked.page).get().user == administrator


def test_an_administrator_who_may_not_act_reads_it_for_support_only(client, marked):
    conflicted_admin = factories.user("admin@police.example.org", is_staff=True, is_superuser=True,
                                      organisation=marked.organisation)
    client.force_login(conflicted_admin)
    response = client.get(evidence_url(marked.page))
    html = response.content.decode()
    assert response.status_code == 200 and shown_markers(response, marked.markers) == list(marked.markers)
    assert "Support view (read-only)." in html
    assert 'name="action"' not in html and 'name="rating__' not in html
    entry = openings(marked.page, VIEW_EVIDENCE_SUPPORT).get()
    assert entry.user == conflicted_admin
    assert not openings(marked.page).exists()
    response = client.post(evidence_url(marked.page), {"action": "decline", "reason": "No.",
                                                       "task_state_id": current_task_state(marked.page).pk})
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    assert not Assessment.objects.exists()


def test_the_audit_log_names_the_actions_in_the_page_history(client, marked, reviewer, administrator):
    client.force_login(reviewer)
    client.get(evidence_url(marked.page))
    client.force_login(administrator)
    html = client.get(reverse("wagtailadmin_pages:history", args=[marked.page.pk])).content.decode()
    assert "Opened every answer of the submission, confidential ones included, to decide on the case" in html
    assert not shown_markers(client.get(reverse("wagtailadmin_pages:history", args=[marked.page.pk])),
                             marked.markers)


def test_a_case_at_a_task_of_another_kind_is_for_support_only(client, marked, reviewer, administrator):
    from wagtail.models import GroupApprovalTask

    other = GroupApprovalTask.objects.create(name="Legal check")
    TaskState.objects.filter(pk=current_task_state(marked.page).pk).update(task=other)
    client.force_login(reviewer)
    assert not shown_markers(client.get(evidence_url(marked.page), follow=True), marked.markers)
    client.force_login(administrator)
    response = client.get(evidence_url(marked.page))
    assert response.status_code == 200 and "This task is not a responsible-use review." in response.content.decode()
    assert 'name="action"' not in response.content.decode()
    assert openings(marked.page, VIEW_EVIDENCE_SUPPORT).count() == 1
