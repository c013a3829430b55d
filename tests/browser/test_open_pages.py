"""In a real browser: the statistics page and a case page pass axe (WCAG 2.1 AA) on a phone and a desktop,
and load under the site's real Content-Security-Policy without a blocked resource."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def counted_cases(site_tree, build_index):
    cases = [
        factories.use_case(
            title=f"Case {n}",
            countries=[country],
            first_published_at=datetime(2021 + n % 4, 3, 1, tzinfo=UTC),
            categories=("video-analytics",) if n % 2 else ("digital-forensics", "facial-recognition-retrospective"),
            images=1 if n == 0 else 0,
            tags=("Cameras",),
        )
        for n, country in enumerate(["NL", "FR", "KE", "BR", "DE", "JP"])
    ]
    build_index()
    return cases


def test_statistics_and_case_pages_pass_axe(a11y_tab, axe, counted_cases):
    tab = a11y_tab()
    for name, url in (("statistics", "/statistics/"), ("case", counted_cases[0].url)):
        tab.set_viewport_size({"width": 1280, "height": 900})
        tab.goto(url)
        axe.check(tab, f"{name}-desktop")
        tab.set_viewport_size(PHONE)
        tab.reload()
        axe.check(tab, f"{name}-phone")
    axe.assert_clean()


def test_statistics_page_under_the_real_csp(page, counted_cases, screenshot):
    blocked: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.goto("/statistics/")
    # The chart's accessible name is its heading and its sentence.
    assert page.get_by_role("img", name="Cases by region Most cases are in Europe (3 of 6).", exact=True).count() == 1
    # The widest bar is drawn across the chart's width, i.e. the SVG and the stylesheet both applied.
    fill = page.locator("#chart-region .chart__fill").first.bounding_box()
    track = page.locator("#chart-region .chart__track").first.bounding_box()
    assert fill and track and abs(fill["width"] - track["width"]) < 1 and track["width"] > 100
    page.get_by_role("link", name="3 — show the cases: Europe").click()
    page.wait_for_url("**/cases/?region=europe")
    assert page.get_by_text("3 use cases").count() >= 1
    screenshot(page, "catalogue-from-statistics")
    assert blocked == []
