"""The review road in the Wagtail admin, in a real browser: a reviewer opens the case from the moderation
queue, sees its red flags, rates every criterion and approves; a different person, an editor, signs off;
the case is then live for everyone. Then the other branch: changes requested, answered, resubmitted."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import WorkflowState

from moderation.models import Assessment, Criterion
from moderation.setup import EDITORS, REVIEWERS
from portal.records import Status, Submission
from tests import factories

from .conftest import PASSWORD, log_in, log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUPPLIER_REUSE_FLAG = "supplier"  # part of the red flag's message: the supplier may reuse the data


def staff(email: str, group: str):
    person = factories.user(email, password=PASSWORD, is_staff=True)
    person.groups.add(Group.objects.get(name=group))
    return person


def submitted_case(title: str) -> Submission:
    """A complete submission handed to review through the portal, whose answers raise a red flag."""
    from portal.submission import submit

    item = factories.complete_submission(factories.submitter(password=PASSWORD), image_count=1)
    Submission.objects.filter(pk=item.pk).update(supplier_may_reuse_data="yes")
    from showcase import drafts

    drafts.save_draft(item.page, item.submitter, {"title": title})
    submit(item, item.submitter)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    return item


def open_from_the_queue(tab, title: str) -> None:
    tab.goto("/admin/moderation/")
    row = tab.locator("tr.moderation-row", has_text=title)
    row.get_by_role("link", name=title).click()
    tab.wait_for_url("**/admin/pages/*/edit/")


def choose_workflow_action(tab, label: str):
    """The editor's footer: open "More actions", choose the workflow action; returns its modal."""
    tab.locator("footer").get_by_role("button", name="More actions").click()
    tab.get_by_role("button", name=label).click()
    modal = tab.locator(".modal.show, [role=dialog]:visible").first
    modal.wait_for()
    return modal


def test_reviewer_approves_an_editor_signs_off_and_the_case_is_live(page, new_tab, screenshot, build_index):
    build_index()
    item = submitted_case("Licence plates at the border")
    reviewer = staff("reviewer@review.example.org", REVIEWERS)
    editor = staff("editor@review.example.org", EDITORS)

    # The reviewer: the queue shows the case with its red flag.
    log_in_to_admin(page, reviewer.email)
    page.goto("/admin/moderation/")
    row = page.locator("tr.moderation-row", has_text="Licence plates at the border")
    assert SUPPLIER_REUSE_FLAG in row.inner_text().lower()
    screenshot(page, "01-queue")
    open_from_the_queue(page, "Licence plates at the border")
    page.get_by_text("Red flags in this case's answers:").wait_for()
    screenshot(page, "02-editor-with-red-flags")

    modal = choose_workflow_action(page, "Approve with assessment")
    modal.get_by_role("heading", name="Red flags").wait_for()
    override = modal.locator("textarea[name^='override__']")
    assert override.count() >= 1
    for index in range(override.count()):
        override.nth(index).fill("The contract was checked: reuse is limited to fixing faults, never training.")
    criteria = list(Criterion.objects.active())
    assert len(criteria) == 12
    for criterion in criteria:
        modal.locator(f"input[name='rating__{criterion.code}'][value='meets']").check()
    modal.get_by_label("Public summary of the review").fill("PUBLIC-REVIEW The safeguards are proportionate.")
    screenshot(page, "03-assessment")
    with page.expect_navigation(timeout=30_000):
        modal.get_by_role("button", name="Approve with assessment").click()
    screenshot(page, "04-approved")

    assessment = Assessment.objects.get(page=item.page, decision=Assessment.APPROVED)
    assert assessment.reviewer == reviewer
    assert assessment.ratings.count() == 12
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW
    assert not item.page.live

    # The reviewer cannot also sign off (four-eyes): the queue and the editor offer no workflow action.
    page.goto("/admin/moderation/")
    row = page.locator("tr.moderation-row", has_text="Licence plates at the border")
    assert "Editorial sign-off" in row.inner_text()
    assert row.get_by_role("button", name="Claim").count() == 0
    open_from_the_queue(page, "Licence plates at the border")
    screenshot(page, "05-reviewer-cannot-sign-off")
    assert page.locator("[data-workflow-action-name]").count() == 0

    # The editor, a different person, signs off: the case is published.
    editor_tab = new_tab()
    log_in_to_admin(editor_tab, editor.email)
    open_from_the_queue(editor_tab, "Licence plates at the border")
    modal = choose_workflow_action(editor_tab, "Sign off and publish")
    screenshot(editor_tab, "06-sign-off")
    with editor_tab.expect_navigation(timeout=30_000):
        modal.get_by_role("button", name="Sign off and publish").click()
    screenshot(editor_tab, "07-signed-off")
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    page_obj = item.page.specific
    assert page_obj.live
    assert not WorkflowState.objects.for_instance(page_obj).active().exists()

    # Anyone can now read it, and find it in the catalogue.
    visitor = new_tab()
    visitor.goto(page_obj.url)
    visitor.get_by_role("heading", level=1, name="Licence plates at the border").wait_for()
    visitor.get_by_text("PUBLIC-REVIEW The safeguards are proportionate.").wait_for()
    screenshot(visitor, "08-live-case")
    visitor.goto("/cases/?q=border")
    visitor.locator(".case-list").get_by_role("link", name="Licence plates at the border").wait_for()


def test_submitter_answers_a_change_request_and_resubmits(page, new_tab, screenshot):
    from portal.outbox import OutboxEmail

    item = submitted_case("Plate readers on motorways")
    reviewer = staff("reviewer@review.example.org", REVIEWERS)

    # The reviewer asks for a change.
    admin_tab = new_tab()
    log_in_to_admin(admin_tab, reviewer.email)
    open_from_the_queue(admin_tab, "Plate readers on motorways")
    modal = choose_workflow_action(admin_tab, "Request changes")
    modal.get_by_label("Message to the submitter").fill("Please say how long the plate images are kept.")
    screenshot(admin_tab, "01-request-changes")
    with admin_tab.expect_navigation(timeout=30_000):
        modal.get_by_role("button", name="Request changes").click()
    item.refresh_from_db()
    assert item.status == Status.CHANGES_REQUESTED
    email = OutboxEmail.objects.get(submission=item, kind="changes_requested")
    assert "Please say how long the plate images are kept." in email.body_text

    # The submitter reads the message under "My submissions", changes an answer and resubmits.
    log_in(page, item.submitter.email)
    page.goto("/submissions/")
    page.get_by_role("row", name="Plate readers on motorways").get_by_text("Changes requested").wait_for()
    page.get_by_role("link", name="Plate readers on motorways").click()
    notice = page.get_by_role("note")
    notice.get_by_role("heading", name="The reviewers ask for changes").wait_for()
    assert "Please say how long the plate images are kept." in notice.inner_text()
    screenshot(page, "02-changes-requested")
    page.get_by_role("link", name="Change your answers").click()
    page.get_by_role("navigation", name="Steps of the submission").get_by_role("link", name="Technology and data").click()
    page.get_by_label("Retention period").fill("30 days, then deleted automatically")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("navigation", name="Steps of the submission").get_by_role("link", name="Check your answers").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    page.get_by_text("30 days, then deleted automatically").wait_for()
    screenshot(page, "03-check-answers")
    page.get_by_role("button", name="Resubmit").click()
    page.get_by_role("heading", name="Submitted").wait_for()
    screenshot(page, "04-resubmitted")

    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert item.retention_period == "30 days, then deleted automatically"
    assert WorkflowState.objects.for_instance(item.page).active().count() == 1
    page.goto(f"/submissions/{item.pk}/")
    history = page.get_by_role("region", name="History").inner_text()
    assert history.count("Submitted") == 2 and "Changes requested" in history
