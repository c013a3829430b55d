"""Choosing countries in the wizard: checkboxes, no modifier keys, with and without JavaScript.

With JavaScript a filter box narrows the list to the countries with a word that starts with what
was typed (and says how many are shown); Enter
in it never sends the form; the "Chosen:" line follows every tick, and filtering never loses a
choice. Without JavaScript the same checkboxes sit in a scrollable, labelled list. Either way
the answer is stored as before (ISO codes).
"""

from __future__ import annotations

import re

import pytest

from showcase import drafts
from tests import factories

from .sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(site_tree):
    return factories.draft_submission()


def countries_of(item) -> list[str]:
    return [str(code) for code in drafts.draft_of(item.page).countries]


def fill_the_rest(tab) -> None:
    tab.get_by_label("Contact person").fill("Kim")
    tab.get_by_label("Contact phone number").fill("+33 4 72 44 70 00")
    tab.get_by_label("Contact e-mail address").fill("kim@police.example.org")
    tab.get_by_label("National police", exact=True).check()
    tab.get_by_label("I agree that the public answers may be published").check()


def test_with_javascript_the_list_filters_as_you_type(new_tab, live_server, screenshot, draft):
    tab = new_tab()
    tab.set_viewport_size({"width": 360, "height": 800})
    sign_in(tab, draft.submitter, live_server.url)
    tab.goto(f"/submit/{draft.pk}/organisation/")
    group = tab.get_by_role("group", name=re.compile("Countries where the system is used"))
    options = group.locator("[data-filter-option]")
    total = options.count()
    assert total > 200

    box = tab.get_by_label("Filter the countries")
    box.fill("nether")
    assert group.get_by_role("checkbox").filter(visible=True).count() <= 2  # Netherlands (and Antilles, if listed)
    assert tab.locator("#id_countries-shown").inner_text().startswith("Showing ")
    group.get_by_label("Netherlands", exact=True).check()
    box.fill("fr")
    box.press("Enter")  # only filters: the page stays, nothing is sent
    assert tab.url.endswith(f"/submit/{draft.pk}/organisation/")
    assert not group.get_by_label("Central African Republic").is_visible(), "a match starts a word"
    group.get_by_label("France", exact=True).check()
    assert tab.locator("[data-chosen-names]").inner_text() == "France, Netherlands"
    screenshot(tab, "filtered-360")
    box.fill("zzzz")
    assert group.get_by_role("checkbox").filter(visible=True).count() == 0
    assert "Nothing matches" in tab.locator("#id_countries-shown").inner_text()
    box.fill("")
    assert options.filter(visible=True).count() == total, "clearing the filter shows every country again"
    assert group.get_by_label("Netherlands", exact=True).is_checked(), "filtering never loses a choice"

    fill_the_rest(tab)
    tab.get_by_role("button", name="Save and continue").click()
    tab.get_by_role("heading", level=1, name="The use case").wait_for()
    assert countries_of(draft) == ["FR", "NL"]


def test_without_javascript_a_scrollable_list_of_checkboxes(new_tab, live_server, screenshot, draft):
    tab = new_tab(java_script_enabled=False)
    tab.set_viewport_size({"width": 360, "height": 800})
    sign_in(tab, draft.submitter, live_server.url)
    tab.goto(f"/submit/{draft.pk}/organisation/")
    assert not tab.get_by_label("Filter the countries").is_visible(), "no filter box that would do nothing"
    listing = tab.locator("#id_countries-list")
    assert listing.evaluate("el => getComputedStyle(el).overflowY") == "auto"
    assert listing.evaluate("el => el.scrollHeight > el.clientHeight"), "the list scrolls inside its box"
    assert tab.locator("[data-chosen-names]").inner_text() == "France", "the account's country, in words"

    # The keyboard alone: focus a country, Space ticks or unticks it; no Ctrl or Cmd anywhere.
    for country in ("Kenya", "Brazil", "France"):
        tab.get_by_label(country, exact=True).focus()
        tab.keyboard.press("Space")
    fill_the_rest(tab)
    tab.get_by_role("button", name="Save and come back later").click()
    tab.wait_for_url(re.compile(r"/submissions/\d+/$"))
    assert countries_of(draft) == ["BR", "KE"]
    tab.goto(f"/submit/{draft.pk}/organisation/")
    assert tab.locator("[data-chosen-names]").inner_text() == "Brazil, Kenya", "the choice in words, without a script"
    screenshot(tab, "no-javascript-360")
