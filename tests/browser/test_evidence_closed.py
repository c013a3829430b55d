"""The confidential answers of a case in review, in a real browser: the reviewer on its task reads them (logged);
a reviewer from the submitter's organisation, staff not on the current task, a submitter of another
organisation and an anonymous visitor never meet them on any admin page of the case they can reach."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageLogEntry

from moderation.review_views import VIEW_EVIDENCE
from moderation.setup import EDITORS, REVIEWERS
from tests import factories
from tests.moderation.conftest import complete_assessment, current_task_state

from .conftest import PASSWORD, log_in, log_in_to_admin
from .test_review_journey import assert_every_confidential_answer_shown, open_review_screen, submitted_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Face matching of seized images"


def staff(email: str, group: str, **fields):
    person = factories.user(email, password=PASSWORD, is_staff=True, **fields)
    person.groups.add(Group.objects.get(name=group))
    return person


def case_urls(page) -> dict[str, str]:
    """Every admin view of the case a member of staff might reach, and the review screen itself."""
    revision = page.get_latest_revision()
    first = page.revisions.order_by("created_at", "pk").first()
    return {
        "editor": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "preview": reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        "history": reverse("wagtailadmin_pages:history", args=[page.pk]),
        "revisions": reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
        "revision": reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        "compare": reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, revision.pk]),
        "workflow history": reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        "queue": reverse("moderation:queue"),
        "evidence": reverse("moderation:evidence", args=[page.pk]),
    }


def leaks(tab, urls: dict[str, str], markers: dict[str, str]) -> list[str]:
    found = []
    for name, url in urls.items():
        tab.goto(url)
        html = tab.content()
        found += [f"{name} ({tab.url}) shows {field}" for field, value in markers.items() if value in html]
    return found


def test_only_the_people_of_the_current_task_read_the_confidential_answers(page, new_tab, screenshot):
    item = submitted_case(TITLE, image_count=0)
    case = item.page
    urls = case_urls(case)
    reviewer = staff("reviewer@review.example.org", REVIEWERS)
    other_reviewer = staff("reviewer-two@review.example.org", REVIEWERS)
    conflicted = staff("reviewer@same-police.example.org", REVIEWERS, organisation=item.organisation)
    editor = staff("editor@review.example.org", EDITORS)
    stranger = factories.submitter("stranger@other-police.example.org", password=PASSWORD)

    # The reviewer on the review task reads every confidential answer; the opening is logged.
    log_in_to_admin(page, reviewer.email)
    open_review_screen(page, TITLE)
    assert_every_confidential_answer_shown(page, item.markers)

    # At the review task: the conflicted reviewer and the editor never meet them.
    tabs = {}
    for person in (conflicted, editor):
        tab = tabs[person.email] = new_tab()
        log_in_to_admin(tab, person.email)
        assert not leaks(tab, urls, item.markers), person.email
    tabs[conflicted.email].goto(urls["evidence"])
    tabs[conflicted.email].get_by_text("conflict of interest").wait_for()
    screenshot(tabs[conflicted.email], "01-conflicted-reviewer-refused")

    # A submitter of another organisation and an anonymous visitor: no admin, no answers.
    outsider = new_tab()
    log_in(outsider, stranger.email)
    assert not leaks(outsider, urls, item.markers)
    assert "/admin/login/" in outsider.url
    assert not leaks(new_tab(), urls, item.markers)

    # At sign-off: no reviewer (neither the one who approved nor another one) meets them any more.
    task_state = current_task_state(case)
    task_state.task.specific.on_action(task_state, reviewer, "approve", **complete_assessment(task_state))
    other_tab = new_tab()
    log_in_to_admin(other_tab, other_reviewer.email)
    for tab in (page, other_tab):
        assert not leaks(tab, urls, item.markers)
    # …and the editor now does.
    editor_tab = tabs[editor.email]
    open_review_screen(editor_tab, TITLE)
    assert_every_confidential_answer_shown(editor_tab, item.markers)
    screenshot(editor_tab, "02-editor-at-sign-off")

    # Each opening is in the audit log, shown in the case's history: who, when.
    openings = PageLogEntry.objects.filter(page=case, action=VIEW_EVIDENCE).order_by("timestamp")
    assert [entry.user for entry in openings] == [reviewer, editor]
    assert all(entry.timestamp for entry in openings)
    editor_tab.goto(urls["history"])
    history = editor_tab.locator("main").inner_text()
    assert history.count("Opened every answer of the submission") == 2
    screenshot(editor_tab, "03-history-with-the-openings")


def test_the_review_screen_passes_axe(a11y_tab, axe_script, screenshot):
    """WCAG 2.1 A/AA on the review screen itself (Wagtail's own furniture is Wagtail's), also with errors shown."""
    from .conftest import describe

    submitted_case("Accessible review", image_count=1)
    reviewer = staff("reviewer@review.example.org", REVIEWERS)
    tab = a11y_tab()
    log_in_to_admin(tab, reviewer.email)
    open_review_screen(tab, "Accessible review")
    found = {}
    for state in ("opened", "with-errors"):
        if state == "with-errors":
            tab.locator("#decide-approve").get_by_role("button", name="Approve with assessment").click()
            tab.locator("#review-error-summary").wait_for()
        screenshot(tab, f"axe-{state}")
        tab.add_script_tag(path=str(axe_script))
        result = tab.evaluate(
            "tags => axe.run(document.querySelector('[data-review-screen]'),"
            " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
        )
        if result["violations"]:
            found[state] = describe(result["violations"])
    assert not found, found
