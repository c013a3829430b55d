"""An attendee browses the catalogue: searches, applies two facets, sees the matched words highlighted,
opens a case and then a related one. An anonymous visitor cannot find the attendees-only case the
attendee can. And the Arabic catalogue reads right to left."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests import factories

from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]

SECRET_TITLE = "Covert plate watchlist"


@pytest.fixture
def catalogue(site_tree, build_index) -> dict:
    cases = {
        "border": factories.use_case(
            title="Plate readers at border crossings",
            summary="Licence plate recognition at the border flags stolen vehicles.",
            categories=("licence-plate-recognition",),
            crime_areas=("vehicle-crime",),
            images=1,
            tags=("Cameras",),
        ),
        "motorway": factories.use_case(
            title="Roadside cameras for stolen cars",
            summary="Cameras perform licence plate recognition on motorway traffic.",
            categories=("licence-plate-recognition",),
            crime_areas=("vehicle-crime",),
            tags=("Cameras",),
        ),
        "parking": factories.use_case(
            title="Parking enforcement plates",
            summary="Licence plate recognition for parking fines.",
            categories=("licence-plate-recognition",),
            crime_areas=("general-policing",),
        ),
        "secret": factories.use_case(
            title=SECRET_TITLE,
            summary="Unmarked cars perform licence plate recognition against a watchlist.",
            categories=("licence-plate-recognition",),
            crime_areas=("vehicle-crime",),
            visibility="attendees",
        ),
        "triage": factories.use_case(
            title="Emergency call triage assistant",
            summary="Speech transcription helps call takers prioritise emergency calls.",
            categories=("emergency-call-triage",),
            techniques=("speech-and-audio",),
        ),
    }
    build_index()
    return cases


def facet(tab, group: str, value: str):
    return tab.get_by_role("group", name=group).get_by_role("checkbox", name=re.compile(rf"^{re.escape(value)} \("))


def result_titles(tab) -> list[str]:
    return [title.strip() for title in tab.locator(".case-list .case-card__title").all_inner_texts()]


def test_attendee_searches_filters_and_reads_related_cases(page, new_tab, screenshot, catalogue):
    factories.attendee(email="attendee@meeting.example.org", password=PASSWORD)
    log_in(page, "attendee@meeting.example.org")

    page.goto("/cases/")
    query = page.get_by_role("search").locator("input[name=q]")
    query.fill("plate")
    query.press("Enter")
    page.wait_for_url("**/cases/?*q=plate*")
    assert SECRET_TITLE in result_titles(page)
    screenshot(page, "01-search")

    facet(page, "Use category", "Licence-plate recognition").check()
    facet(page, "Crime area", "Vehicle crime").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"crime_area=vehicle-crime"))
    assert "category=licence-plate-recognition" in page.url
    chips = page.get_by_role("list", name="Applied filters")
    assert chips.get_by_role("link", name=re.compile("Use category: Licence-plate recognition")).count() == 1
    assert chips.get_by_role("link", name=re.compile("Crime area: Vehicle crime")).count() == 1
    assert facet(page, "Use category", "Licence-plate recognition").is_checked()
    titles = result_titles(page)
    assert sorted(titles) == sorted(["Plate readers at border crossings", "Roadside cameras for stolen cars", SECRET_TITLE])
    assert page.locator(".case-card", has_text=SECRET_TITLE).get_by_text("Registered attendees only").count() == 1
    if settings.ELASTICSEARCH_URL:
        marks = page.locator(".case-list mark").all_inner_texts()
        # The word typed, and the words the thesaurus expanded it to ("plate" → "licence plate"), are highlighted.
        assert marks and all(re.fullmatch(r"(?i)plates?|licence", mark) for mark in marks), marks
    screenshot(page, "02-filtered")

    page.locator(".case-list").get_by_role("link", name="Plate readers at border crossings").click()
    page.get_by_role("heading", level=1, name="Plate readers at border crossings").wait_for()
    related = page.get_by_role("region", name="Related cases")
    related_titles = [t.strip() for t in related.get_by_role("heading", level=3).all_inner_texts()]
    assert "Roadside cameras for stolen cars" in related_titles
    assert "Plate readers at border crossings" not in related_titles
    screenshot(page, "03-case")
    related.get_by_role("link", name="Roadside cameras for stolen cars").click()
    page.get_by_role("heading", level=1, name="Roadside cameras for stolen cars").wait_for()
    screenshot(page, "04-related-case")

    # Anonymous: the attendees-only case is in no result, no count, and its address asks for a login.
    visitor = new_tab()
    visitor.goto("/cases/?q=plate&category=licence-plate-recognition&crime_area=vehicle-crime")
    assert sorted(result_titles(visitor)) == ["Plate readers at border crossings", "Roadside cameras for stolen cars"]
    assert SECRET_TITLE not in visitor.content()
    visitor.goto("/cases/?q=covert+watchlist")
    assert result_titles(visitor) == []
    screenshot(visitor, "05-anonymous-search")
    visitor.goto(catalogue["secret"].url)
    assert "/accounts/login/" in visitor.url
    assert SECRET_TITLE not in visitor.content()


def test_arabic_catalogue_reads_right_to_left(page, screenshot, catalogue):
    response = page.goto("/ar/cases/")
    assert response.status == 200, "/ar/cases/ must exist (language-prefixed URLs)"
    screenshot(page, "arabic-catalogue")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    # The facet headings hug the right edge of their column, and the column sits on the right.
    heading = page.locator("#facets-heading").bounding_box()
    sidebar = page.locator("aside.facets").bounding_box()
    results = page.locator(".catalogue-results").bounding_box()
    main = page.locator("main").bounding_box()
    assert abs((heading["x"] + heading["width"]) - (sidebar["x"] + sidebar["width"])) <= 24, (heading, sidebar)
    assert sidebar["x"] > results["x"], "in RTL the facet column comes first, on the right"
    legend = page.locator("aside.facets legend").first.bounding_box()
    assert abs((legend["x"] + legend["width"]) - (sidebar["x"] + sidebar["width"])) <= 40, (legend, sidebar)
    h1 = page.get_by_role("heading", level=1).bounding_box()
    assert (main["x"] + main["width"]) - (h1["x"] + h1["width"]) <= 48, (h1, main)
