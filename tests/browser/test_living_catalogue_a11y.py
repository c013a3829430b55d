"""axe-core on the pages of issue 15.4-15.6: a case "may be out of date" with a correction and a reply,
a retired case, "Report a problem" (empty, with errors, thanks), "still accurate?", "mark retired", statistics."""

from __future__ import annotations

from datetime import date

import pytest

from moderation.models import ProblemReport
from portal.models import Submission
from portal.revalidation import confirm_token
from showcase.models import UseCasePage
from showcase.taxonomies import DeploymentStage
from tests import factories

from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]


def test_living_catalogue_pages(a11y_tab, axe, site_tree):
    owner = factories.submitter("ada@police.example.org", password=PASSWORD)
    stale = factories.use_case(title="Roadside cameras for stolen cars")
    UseCasePage.objects.filter(pk=stale.pk).update(review_due=date(2020, 1, 31), last_confirmed=date(2019, 1, 31))
    Submission.objects.create(submitter=owner, organisation=owner.organisation, page=stale, status="published")
    ProblemReport.objects.create(page=stale, reason="factual_error", description="x", status="corrected",
                                 correction="The cameras cover two motorways, not three.", corrected_on=date(2026, 1, 2))
    ProblemReport.objects.create(page=stale, reason="organisation", description="x", status="reply",
                                 reply="The pilot ended in 2025.", reply_approved=True, replied_on=date(2026, 1, 3))
    retired = factories.use_case(title="Old plate reader", deployment_stage=factories.taxonomy(DeploymentStage, "retired"))
    UseCasePage.objects.filter(pk=retired.pk).update(retired_note="Replaced by a newer system.")
    tab = a11y_tab()
    for name, url in (
        ("case-out-of-date", stale.url),
        ("case-retired", retired.url),
        ("report-problem", f"/report-a-problem/{stale.pk}/"),
        ("statistics-with-counts", "/statistics/"),
    ):
        response = tab.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        axe.check(tab, name)
    tab.goto(f"/report-a-problem/{stale.pk}/")
    tab.get_by_role("button", name="Send the report").click()
    tab.get_by_text("There is a problem").wait_for()
    axe.check(tab, "report-problem-errors")
    tab.get_by_label("A factual error").check()
    tab.get_by_label("Describe it").fill("The number of motorways is wrong.")
    tab.get_by_role("button", name="Send the report").click()
    tab.get_by_role("heading", name="Thank you for your report").wait_for()
    axe.check(tab, "report-problem-done")

    log_in(tab, "ada@police.example.org")
    submission = Submission.objects.get(page=stale)
    for name, url in (
        ("confirm-accurate", f"/submissions/confirm/{confirm_token(stale.pk)}/"),
        ("retire", f"/submissions/{submission.pk}/retire/"),
    ):
        response = tab.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        axe.check(tab, name)
    axe.assert_clean()
