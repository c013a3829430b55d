"""A published case updated through review, in a real browser: the submitter proposes an update with the wizard,
the public keeps the published version while the update is reviewed, sign-off publishes it, and the case's
Versions page shows what changed, field by field, in the public text only (axe-checked)."""

from __future__ import annotations

import pytest

from portal import submission as services
from portal.models import Status
from showcase.models import UseCasePage
from tests import factories
from tests.portal.test_submit import publish

from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD_SUMMARY = factories.WIZARD_ANSWERS["use-case"]["summary"]
NEW_SUMMARY = "PUBLIC-summary Reads licence plates at border crossings and ferry ports, and flags stolen cars."


def published_case():
    item = factories.complete_submission(factories.submitter(password=PASSWORD))
    services.submit(item, item.submitter)
    publish(item)  # a reviewer approves (with confidential notes), an editor signs off
    assert item.status == Status.PUBLISHED
    return item


def test_an_update_is_reviewed_while_the_public_sees_the_published_version(page, new_tab, a11y_tab, axe, screenshot):
    item = published_case()
    public_url = UseCasePage.objects.get(pk=item.page_id).url
    visitor = new_tab()

    # The submitter proposes an update from "My submissions", through the same wizard, prefilled.
    log_in(page, item.submitter.email)
    page.goto(f"/submissions/{item.pk}/")
    page.get_by_role("link", name="Propose an update").click()
    page.get_by_role("button", name="Save and continue").click()  # the organisation step, unchanged
    summary = page.get_by_label("Short summary")
    assert summary.input_value() == OLD_SUMMARY
    summary.fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save and continue").click()
    page.goto(f"/submit/{item.pk}/check/")
    page.get_by_role("button", name="Submit the update for review").click()
    page.get_by_text("The published version stays online").wait_for()
    screenshot(page, "update-submitted")

    # While it is reviewed, the public page is the published version, unchanged.
    visitor.goto(public_url)
    assert OLD_SUMMARY in visitor.locator("main").inner_text()
    assert NEW_SUMMARY not in visitor.content()
    page.goto(f"/submissions/{item.pk}/")
    assert "Update in review" in page.locator("main").inner_text()

    # Approved and signed off: the new version is live, and the history says what changed.
    item.refresh_from_db()
    publish(item)
    visitor.goto(public_url)
    assert NEW_SUMMARY in visitor.locator("main").inner_text()
    visitor.get_by_role("link", name="Version history of this case").click()
    visitor.get_by_role("heading", level=1, name="Versions of this case").wait_for()
    versions = visitor.locator("main")
    assert versions.locator(".version").count() == 2
    latest = versions.locator(".version").first
    assert "Short summary" in latest.locator("dt").all_inner_texts()
    assert "ferry" in " ".join(latest.locator("ins").all_inner_texts())
    assert "vehicles." in " ".join(latest.locator("del").all_inner_texts())
    assert "Approved by the responsible-use review" in latest.inner_text()
    html = visitor.content()
    for secret in ("CONFIDENTIAL", *factories.CONFIDENTIAL_MARKERS.values()):
        assert secret not in html, secret
    screenshot(visitor, "versions")

    tab = a11y_tab()
    tab.goto(f"{public_url}versions/")
    axe.check(tab, "case-versions")
    axe.assert_clean()
