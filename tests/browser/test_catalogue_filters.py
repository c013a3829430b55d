"""The catalogue's filters on a phone and on a wide screen, with and without JavaScript.

On a narrow screen (360 px) the results come first: the twelve filter groups sit behind a
"Filter the cases" disclosure (``<details>``), closed, that says how many filters are applied.
On a wide screen (1280 px) the filters stay open beside the results. Without JavaScript the
disclosure still opens and the filters still apply (a plain GET form).
"""

from __future__ import annotations

import re

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cases(site_tree, build_index):
    made = [
        factories.use_case(title=f"Plate readers {n}", summary="Licence plate recognition at the border.",
                           categories=("licence-plate-recognition",), crime_areas=("vehicle-crime",))
        for n in range(3)
    ] + [factories.use_case(title="Emergency call triage", categories=("emergency-call-triage",))] + [
        # Long value names beside their counts (a narrow filter column must not break "(1)").
        factories.use_case(
            title="Victim identification",
            categories=("child-sexual-abuse-material-detection-and-victim-identification",),
            crime_areas=("trafficking-in-human-beings-and-migrant-smuggling",),
        )
    ]
    build_index()
    return made


def summary_of(tab):
    return tab.locator("summary.facets__summary")


def groups(tab):
    return tab.locator("aside.facets fieldset.facet")


def test_on_a_phone_the_results_come_first_and_the_filters_open_on_demand(new_tab, screenshot, axe, cases):
    tab = new_tab(bypass_csp=True)  # axe is injected at the end; the page's own script is an external file
    tab.set_viewport_size({"width": 360, "height": 800})
    tab.goto("/cases/")
    summary = summary_of(tab)
    assert summary.inner_text().strip() == "Filter the cases", "no count while nothing is applied"
    assert not tab.locator("details.facets__disclosure").evaluate("el => el.open")
    assert groups(tab).count() >= 3 and not groups(tab).first.is_visible()
    first_card = tab.locator(".case-card").first.bounding_box()
    assert first_card["y"] < 800, "the first result is on the first screen"
    screenshot(tab, "phone-closed")

    summary.click()
    tab.get_by_role("group", name="Use category").get_by_role("checkbox", name=re.compile(r"^Licence-plate recognition \(")).check()
    tab.get_by_role("group", name="Crime area").get_by_role("checkbox", name=re.compile(r"^Vehicle crime \(")).check()
    screenshot(tab, "phone-open")
    tab.get_by_role("button", name="Apply filters").click()
    tab.wait_for_url(re.compile(r"crime_area=vehicle-crime"))
    assert " ".join(summary_of(tab).inner_text().split()) == "Filter the cases 2 filters applied"
    assert not tab.locator("details.facets__disclosure").evaluate("el => el.open"), "closed again: results first"
    assert tab.locator(".case-card").count() == 3
    assert axe.check(tab, "phone-filtered") == []


def test_on_a_wide_screen_the_filters_stay_beside_the_results(new_tab, screenshot, cases):
    tab = new_tab()
    tab.goto("/cases/?category=licence-plate-recognition")
    assert tab.locator("details.facets__disclosure").evaluate("el => el.open")
    assert groups(tab).first.is_visible()
    aside, results = tab.locator("aside.facets").bounding_box(), tab.locator(".catalogue-results").bounding_box()
    assert aside["x"] + aside["width"] <= results["x"] and abs(aside["y"] - results["y"]) < 5, (aside, results)
    assert "1 filter applied" in summary_of(tab).inner_text()
    # Every count sits on one line beside its value: "(3)", never "(3" over ")" (long words may wrap, numbers not).
    heights = tab.locator(".facet__count").evaluate_all(
        "els => els.map(el => [el.textContent, el.getClientRects().length, el.getBoundingClientRect().height])"
    )
    line = tab.locator(".facet__count").first.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert heights and all(rects == 1 and height <= line * 1.5 for _text, rects, height in heights), heights
    screenshot(tab, "wide")
    tab.set_viewport_size({"width": 360, "height": 800})
    # Narrowing the window closes it (the media query's change event).
    tab.wait_for_function("() => !document.querySelector('details.facets__disclosure').open", timeout=5000)


@pytest.mark.parametrize("width", [360, 1280])
def test_without_javascript_the_disclosure_still_works(new_tab, cases, width):
    tab = new_tab(java_script_enabled=False)
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto("/cases/")
    assert not groups(tab).first.is_visible()
    summary_of(tab).click()
    tab.get_by_role("group", name="Use category").get_by_role("checkbox", name=re.compile(r"^Emergency call triage \(")).check()
    tab.get_by_role("button", name="Apply filters").click()
    tab.wait_for_url(re.compile(r"category=emergency-call-triage"))
    assert [t.strip() for t in tab.locator(".case-card__title").all_inner_texts()] == ["Emergency call triage"]
