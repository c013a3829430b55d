"""The review road in the Wagtail admin, in a real browser: a reviewer opens the case's review screen from the
moderation queue, reads every answer (the confidential ones too), rates every criterion beside its evidence and
approves; a different person, an editor, signs off; the case is then live for everyone. Then the other branch:
changes requested, answered, resubmitted, and the changes shown to the reviewer.

tests/browser/test_evidence_closed.py checks that nobody else ever sees the confidential answers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageLogEntry, WorkflowState

from moderation.models import Assessment, Criterion
from moderation.setup import EDITORS, REVIEWERS
from portal.models import Status, Submission
from tests import factories
from tests.moderation.markers import mark_confidential_answers

from .conftest import PASSWORD, log_in, log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUPPLIER_REUSE_FLAG = "supplier"  # part of the red flag's message: the supplier may reuse the data


def staff(email: str, group: str, **fields):
    person = factories.user(email, password=PASSWORD, is_staff=True, **fields)
    person.groups.add(Group.objects.get(name=group))
    return person


def submitted_case(title: str, *, image_count: int = 1) -> Submission:
    """A complete submission handed to review through the portal, whose answers raise a red flag.

    Every confidential text answer holds a distinctive marker (``item.markers``: name → marker).
    """
    from portal.submission import submit

    item = factories.complete_submission(factories.submitter(password=PASSWORD), image_count=image_count)
    Submission.objects.filter(pk=item.pk).update(supplier_may_reuse_data="yes")
    markers = mark_confidential_answers(item)
    from showcase import drafts

    drafts.save_draft(item.page, item.submitter, {"title": title})
    submit(item, item.submitter)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    item.markers = markers
    return item


def open_review_screen(tab, title: str) -> None:
    """From the moderation queue, the row's "Review and decide"."""
    tab.goto("/admin/moderation/")
    row = tab.locator("tr.moderation-row", has_text=title)
    row.get_by_role("link", name="Review and decide").click()
    tab.wait_for_url("**/admin/moderation/review/*/")
    tab.get_by_role("heading", name="Your decision").wait_for()


def assert_every_confidential_answer_shown(tab, markers: dict[str, str]) -> None:
    for name, value in markers.items():
        answer = tab.locator(f"[data-answer='{name}']").first
        assert value in answer.inner_text(), name
        assert answer.is_visible(), name
        assert "Confidential" in answer.locator(".review-tag").first.inner_text(), name


def test_reviewer_approves_an_editor_signs_off_and_the_case_is_live(page, new_tab, screenshot, build_index):
    build_index()
    item = submitted_case("Licence plates at the border")
    reviewer = staff("reviewer@review.example.org", REVIEWERS)
    editor = staff("editor@review.example.org", EDITORS)

    # The reviewer: the queue shows the case with its red flag and leads to its review screen.
    log_in_to_admin(page, reviewer.email)
    page.goto("/admin/moderation/")
    row = page.locator("tr.moderation-row", has_text="Licence plates at the border")
    assert SUPPLIER_REUSE_FLAG in row.inner_text().lower()
    screenshot(page, "01-queue")
    open_review_screen(page, "Licence plates at the border")
    assert_every_confidential_answer_shown(page, item.markers)
    page.locator("#images img").first.wait_for()
    screenshot(page, "02-review-screen")
    assert PageLogEntry.objects.filter(page=item.page, action="moderation.view_evidence", user=reviewer).count() == 1

    # Each criterion is rated beside its own evidence; the red flag is overridden where it was raised.
    criteria = list(Criterion.objects.active())
    assert len(criteria) == 12
    for criterion in criteria:
        section = page.locator(f"#criterion-{criterion.code}")
        assert section.locator(".review-answers [data-answer]").count() >= 1, criterion.code
        section.locator(".review-rating").get_by_label("Meets", exact=True).check()
    security = page.locator("#criterion-security-vendor")
    assert item.markers["supplier_data_terms"] in security.inner_text()
    flagged = security.locator("[data-answer='supplier_may_reuse_data']")
    assert "Red flag:" in flagged.inner_text()
    security.locator("textarea[name='override__supplier-reuses-data']").fill(
        "The contract was checked: reuse is limited to fixing faults, never training."
    )
    page.locator("#criterion-legal-basis textarea[name='note__legal-basis']").fill("The act covers border checks.")
    decision = page.locator("#decide-approve")
    decision.get_by_label("Public summary of the review").fill("PUBLIC-REVIEW The safeguards are proportionate.")
    screenshot(page, "03-assessment")
    decision.get_by_role("button", name="Approve with assessment").click()
    page.wait_for_url("**/admin/moderation/")
    page.get_by_text("Sent to editorial sign-off").wait_for()
    screenshot(page, "04-approved-back-in-the-queue")

    assessment = Assessment.objects.get(page=item.page, decision=Assessment.APPROVED)
    assert assessment.reviewer == reviewer
    assert assessment.ratings.count() == 12
    assert assessment.ratings.get(code="legal-basis").note == "The act covers border checks."
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW
    assert not item.page.live

    # The reviewer cannot also sign off (four-eyes): no action in the queue, no evidence, no workflow action.
    row = page.locator("tr.moderation-row", has_text="Licence plates at the border")
    assert "Editorial sign-off" in row.inner_text()
    assert row.get_by_role("button", name="Claim").count() == 0
    assert row.get_by_role("link", name="Review and decide").count() == 0
    page.goto(f"/admin/moderation/review/{item.page.pk}/")
    page.wait_for_url("**/admin/moderation/")
    assert not [m for m in item.markers.values() if m in page.content()]
    page.goto(f"/admin/pages/{item.page.pk}/edit/")
    screenshot(page, "05-reviewer-cannot-sign-off")
    assert page.locator("[data-workflow-action-name]").count() == 0
    assert page.get_by_role("link", name="Review and decide").count() == 0

    # The editor, a different person, signs off beside the evidence and the reviewer's ratings: published.
    editor_tab = new_tab()
    log_in_to_admin(editor_tab, editor.email)
    open_review_screen(editor_tab, "Licence plates at the border")
    assert_every_confidential_answer_shown(editor_tab, item.markers)
    legal = editor_tab.locator("#criterion-legal-basis .review-rating").inner_text()
    assert "Meets" in legal and "The act covers border checks." in legal
    screenshot(editor_tab, "06-sign-off")
    editor_tab.locator("#decide-approve").get_by_role("button", name="Sign off and publish").click()
    editor_tab.wait_for_url("**/admin/moderation/")
    message = editor_tab.locator(".messages").get_by_text("Published")
    message.wait_for()
    screenshot(editor_tab, "07-signed-off")
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    page_obj = item.page.specific
    assert page_obj.live
    assert not WorkflowState.objects.for_instance(page_obj).active().exists()
    editor_tab.locator(".messages").get_by_role("link", name="View the case").click()
    editor_tab.get_by_role("heading", level=1, name="Licence plates at the border").wait_for()

    # Anyone can now read it, and find it in the catalogue; no confidential answer is on it.
    visitor = new_tab()
    visitor.goto(page_obj.url)
    visitor.get_by_role("heading", level=1, name="Licence plates at the border").wait_for()
    visitor.get_by_text("PUBLIC-REVIEW The safeguards are proportionate.").wait_for()
    assert not [m for m in item.markers.values() if m in visitor.content()]
    screenshot(visitor, "08-live-case")
    visitor.goto("/cases/?q=border")
    visitor.locator(".case-list").get_by_role("link", name="Licence plates at the border").wait_for()


def test_submitter_answers_a_change_request_and_resubmits(page, new_tab, screenshot):
    from portal.models import OutboxEmail

    item = submitted_case("Plate readers on motorways")
    reviewer = staff("reviewer@review.example.org", REVIEWERS)

    # The reviewer asks for a change, from the review screen.
    admin_tab = new_tab()
    log_in_to_admin(admin_tab, reviewer.email)
    open_review_screen(admin_tab, "Plate readers on motorways")
    admin_tab.locator(".review-actions__list").get_by_role("link", name="Request changes").click()
    request_form = admin_tab.locator("#decide-request-changes")
    request_form.get_by_label("Message to the submitter").fill("Please say how long the plate images are kept.")
    screenshot(admin_tab, "01-request-changes")
    request_form.get_by_role("button", name="Request changes").click()
    admin_tab.wait_for_url("**/admin/moderation/")
    admin_tab.get_by_text("Changes requested from PUBLIC-organisation-name").wait_for()
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

    # The reviewer sees what changed since the round before, field by field.
    open_review_screen(admin_tab, "Plate readers on motorways")
    changes = admin_tab.locator("#changes")
    assert "Round 2" in admin_tab.locator(".review-lede").inner_text()
    changed = changes.locator("tr[data-change='retention_period']")
    assert item.markers["retention_period"] in changed.inner_text()
    assert "30 days, then deleted automatically" in changed.inner_text()
    assert "Confidential" in changed.inner_text()
    assert "Please say how long the plate images are kept." in changes.inner_text()
    screenshot(admin_tab, "05-changes-since-the-round-before")
