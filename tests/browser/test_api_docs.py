"""The API documentation renders in Chromium under its own Content-Security-Policy without a single violation."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]

#: Records every securitypolicyviolation event before the page's own scripts run.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_the_docs_page_lists_the_endpoints_and_shows_an_example_with_no_csp_violation(page, screenshot):
    refused: list[str] = []
    failed: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Refused to" in message.text else None)
    page.on("pageerror", lambda error: failed.append(str(error)))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.add_init_script(LISTEN_FOR_VIOLATIONS)

    page.goto("/api/v1/docs")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()
    paths = set(operations.all_inner_texts())
    assert {"/api/v1/cases/", "/api/v1/facets/", "/api/v1/taxonomies/", "/api/v1/export/cases.csv"} <= {
        p.replace("\u200b", "") for p in paths
    }
    assert page.get_by_text("Rate limit.").is_visible() and page.get_by_text("Conditional requests.").is_visible()

    page.locator(".opblock-summary", has_text="/api/v1/cases/{slug}/").first.click()
    page.get_by_text("AILE-2026-0042").first.wait_for()  # the example answer, syntax-highlighted
    screenshot(page, "api-docs")

    assert page.evaluate("window.__cspViolations") == []
    assert refused == [] and failed == []


def test_the_docs_page_is_accessible_closed_and_with_an_operation_open(a11y_tab, axe):
    tab = a11y_tab()  # axe is injected as a script: this tab bypasses the policy (checked above)
    tab.goto("/api/v1/docs")
    tab.locator(".opblock-summary-path").first.wait_for()
    axe.check(tab, "api-docs")
    tab.locator(".opblock-summary", has_text="/api/v1/cases/{slug}/").first.click()
    tab.get_by_text("AILE-2026-0042").first.wait_for()
    axe.check(tab, "api-docs-operation")
    axe.assert_clean()
