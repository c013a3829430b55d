"""axe-core (WCAG 2.1 A and AA) finds no violation on the pages people use most.

Each page is checked as the person who would see it: the public pages
anonymously, the wizard and "My submissions" as a verified submitter. The
tabs bypass the Content-Security-Policy so Playwright can inject axe (see
``a11y_tab`` in conftest.py); every page's screenshot is kept.
"""

from __future__ import annotations

import pytest

from portal.wizard import STEPS
from tests import factories

from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue_cases(site_tree, build_index):
    cases = [
        factories.use_case(
            title="Roadside cameras for stolen cars",
            summary="Cameras perform licence plate recognition on motorway traffic.",
            categories=("licence-plate-recognition",),
            crime_areas=("vehicle-crime",),
            images=1,
            tags=("Cameras", "Motorway"),
        ),
        factories.use_case(
            title="Plate readers at border crossings",
            summary="Licence plate recognition at the border flags stolen vehicles.",
            categories=("licence-plate-recognition",),
            crime_areas=("vehicle-crime",),
            tags=("Cameras",),
        ),
        factories.use_case(
            title="Emergency call triage assistant",
            summary="Speech transcription helps call takers prioritise emergency calls.",
            categories=("emergency-call-triage",),
            techniques=("speech-and-audio",),
        ),
    ]
    build_index()
    return cases


def test_public_pages(a11y_tab, axe, catalogue_cases):
    tab = a11y_tab()
    for name, url in (
        ("home", "/"),
        ("catalogue", "/cases/"),
        ("catalogue-filtered", "/cases/?q=plate&category=licence-plate-recognition&crime_area=vehicle-crime"),
        ("catalogue-no-results", "/cases/?q=zzzzqqq&category=emergency-call-triage"),
        ("case", catalogue_cases[0].url),
        ("tag", "/cases/tags/cameras/"),
        ("login", "/accounts/login/"),
        ("register", "/accounts/register/"),
        ("statistics", "/statistics/"),
    ):
        response = tab.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        axe.check(tab, name)
    axe.assert_clean()


def test_forms_with_errors(a11y_tab, axe, site_tree):
    tab = a11y_tab()
    tab.goto("/accounts/register/")
    tab.get_by_role("button", name="Create account").click()
    tab.get_by_text("There is a problem").wait_for()
    axe.check(tab, "register-errors")
    tab.goto("/accounts/login/")
    tab.get_by_label("E-mail address").fill("nobody@example.org")
    tab.get_by_label("Password").fill("wrong-password")
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.get_by_text("There is a problem").wait_for()
    axe.check(tab, "login-errors")
    axe.assert_clean()


def test_every_wizard_step_and_my_submissions(a11y_tab, axe, site_tree):
    submission = factories.complete_submission(factories.submitter("ada@police.example.org", password=PASSWORD), image_count=1)
    tab = a11y_tab()
    log_in(tab, "ada@police.example.org")
    tab.goto("/submit/")
    axe.check(tab, "start")
    for step in STEPS:
        tab.goto(f"/submit/{submission.pk}/{step.slug}/")
        tab.get_by_role("heading", level=1, name=str(step.title)).wait_for()
        axe.check(tab, f"step-{step.slug}")

    # A step with errors: the error summary and the invalid fields.
    empty = factories.draft_submission(submission.submitter)
    tab.goto(f"/submit/{empty.pk}/use-case/")
    tab.get_by_role("button", name="Save and continue").click()
    tab.get_by_text("There is a problem").wait_for()
    axe.check(tab, "step-errors")
    tab.goto(f"/submit/{empty.pk}/check/")
    axe.check(tab, "check-incomplete")

    tab.goto("/submissions/")
    axe.check(tab, "my-submissions")
    tab.goto(f"/submissions/{submission.pk}/")
    axe.check(tab, "submission-detail")
    axe.assert_clean()

