"""The whole submission with the keyboard alone, and a visible focus indicator at every stop.

Moves are Tab and Shift+Tab; buttons, links and check boxes are worked with
Enter and Space; text is typed. Inside a radio group the arrow keys are the
keyboard's own way to choose (HTML and WAI-ARIA), so a second radio option is
reached that way; a country is found by typing in the list's filter box.
Every element focus lands on, including those passed on the way, must show
an outline or a box shadow.
"""

from __future__ import annotations

import pytest

from tests import factories

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {visible: outline || (s.boxShadow && s.boxShadow !== 'none'),
          what: el.outerHTML.slice(0, 160), outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow};
}"""


def open_file_chooser_with_space(page, kb: KeyboardUser, field):
    """The file chooser the focused file field opens on Space; pressed again (up to three times) if none opened.

    Headless Chromium now and then drops the first Space on a file field (two full runs timed out here,
    each time with the field focused and nothing else on the page): a person would press again. Three
    presses that open nothing still fail the test.
    """
    from playwright.sync_api import TimeoutError as NoChooser

    for attempt in (1, 2, 3):
        kb.focus(field)
        try:
            with page.expect_file_chooser(timeout=5000) as chooser:
                page.keyboard.press("Space")
        except NoChooser:
            if attempt == 3:
                raise
            continue
        return chooser.value


class KeyboardUser:
    def __init__(self, tab) -> None:
        self.tab = tab
        self.stops = 0

    def _press(self, key: str) -> None:
        self.tab.keyboard.press(key)
        style = self.tab.evaluate(FOCUS_STYLE)
        if style is not None:  # focus left the document (wrapping around): nothing to see
            self.stops += 1
            assert style["visible"], f"no visible focus on {style['what']} (outline {style['outline']}, shadow {style['shadow']})"

    def focus(self, locator, limit: int = 250) -> None:
        """Tab forwards to ``locator``; if it is not ahead, Shift+Tab back to it."""
        target = locator.element_handle()
        is_target = "el => document.activeElement === el"
        if self.tab.evaluate(is_target, target):
            return
        for key in ("Tab", "Shift+Tab"):
            for _ in range(limit):
                self._press(key)
                if self.tab.evaluate(is_target, target):
                    return
        raise AssertionError(f"the keyboard never reached {locator}")

    def type(self, locator, text: str) -> None:
        self.focus(locator)
        self.tab.keyboard.press("Control+A")
        self.tab.keyboard.type(text)

    def tick(self, locator) -> None:
        """A check box (Space), or a radio option (see ``radio``)."""
        if locator.get_attribute("type") == "radio":
            name = locator.get_attribute("name")
            self.radio(name, locator.evaluate("el => [...document.getElementsByName(el.name)].indexOf(el)"))
            return
        self.focus(locator)
        if not locator.is_checked():
            self.tab.keyboard.press("Space")
        assert locator.is_checked()

    def radio(self, name: str, index: int) -> None:
        """Enter the group (its first option, or the checked one), choose with Space and the arrow keys."""
        options = self.tab.locator(f"input[type=radio][name='{name}']")
        self.focus(options.first if not options.locator(":scope:checked").count() else options.locator(":scope:checked"))
        self.tab.keyboard.press("Space")
        current = int(self.tab.evaluate(f"[...document.getElementsByName('{name}')].indexOf(document.activeElement)"))
        for _ in range(index - current):
            self.tab.keyboard.press("ArrowDown")
        assert options.nth(index).is_checked()

    def activate(self, locator, key: str = "Enter") -> None:
        self.focus(locator)
        with self.tab.expect_navigation():
            self.tab.keyboard.press(key)


def test_the_whole_submission_with_the_keyboard_alone(page, screenshot, tmp_path):
    factories.submitter("kim@police.example.org", password=PASSWORD)
    kb = KeyboardUser(page)
    label = lambda text, exact=False: page.get_by_label(text, exact=exact)  # noqa: E731

    page.goto("/accounts/login/")
    kb.type(label("E-mail address"), "kim@police.example.org")
    kb.type(label("Password"), PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    kb.activate(page.get_by_role("navigation", name="Main").get_by_role("link", name="Submit a use case"))
    kb.activate(page.get_by_role("button", name="Start a new submission"))
    page.get_by_role("heading", level=1, name="Organisation and contact").wait_for()
    cont = lambda: kb.activate(page.get_by_role("button", name="Save and continue"))  # noqa: E731

    # 1. Organisation and contact: the country list is filtered by typing, the country ticked with Space.
    kb.type(label("Filter the countries"), "France")
    kb.tick(label("France", exact=True))
    assert page.locator("[data-chosen-names]").inner_text() == "France"
    kb.type(label("Contact person"), "Kim Keyboard")
    kb.type(label("Contact phone number"), "+33 4 72 44 70 00")
    kb.tick(label("I agree that the public answers may be published"))
    screenshot(page, "01-organisation")
    cont()

    # 2. The use case
    page.get_by_role("heading", level=1, name="The use case").wait_for()
    kb.type(label("Title"), "Plates by keyboard")
    kb.type(label("Short summary"), "Reads licence plates and flags stolen vehicles.")
    for text in ("English", "Pilot", "Licence-plate recognition", "Vehicle crime", "Suspects", "Recommends or prioritises"):
        kb.tick(label(text, exact=True))
    kb.type(label("Problem addressed"), "Stolen vehicles cross the border unnoticed.")
    kb.type(label("Benefits"), "More recoveries.")
    kb.type(label("Outputs"), "An alert to the officer on duty.")
    cont()

    # 3. Technology and data
    page.get_by_role("heading", level=1, name="Technology and data").wait_for()
    for text in ("Computer vision", "From a supplier", "Collected by our organisation"):
        kb.tick(label(text, exact=True))
    kb.type(page.locator("#id_supplier_name"), "PlateCo")
    kb.type(label("Data used (public summary)"), "Images of number plates; no faces kept.")
    kb.radio("personal_data", 0)
    kb.radio("biometric_data", 1)
    kb.radio("retention_limit", 0)
    kb.type(label("Retention period"), "30 days")
    kb.tick(label("No: the contract forbids it"))
    kb.type(label("The supplier's data terms"), "Processing only on our instructions.")
    kb.type(label("Security accreditation"), "Hosted on the accredited police network.")
    cont()

    # 4. Safeguards: lawfulness and risk
    page.get_by_role("heading", level=1, name="Safeguards: lawfulness and risk").wait_for()
    kb.tick(label("A specific law or statutory power"))
    kb.type(label("The law or mandate relied on"), "Road traffic act, art. 12.")
    kb.type(label("Legal basis (public summary)"), "The road traffic act.")
    for name, index in (("legal_signoff", 0), ("coercive_use", 0), ("bulk_general_public", 1)):
        kb.radio(name, index)
    kb.tick(label("None of these"))
    kb.type(label("Necessity and proportionality"), "Only at border crossings, only vehicles.")
    kb.radio("alternatives_considered", 0)
    kb.type(label("Alternatives considered"), "Manual checks: too slow.")
    kb.tick(label("High-risk (Annex III)", exact=True))
    kb.tick(label("Point 6: law enforcement", exact=True))
    kb.radio("profiles_individuals", 1)
    kb.type(label("Why this risk class"), "Law-enforcement use (Annex III point 6).")
    kb.type(label("Impact assessments (public summary)"), "DPIA completed in 2024.")
    kb.radio("dpia_status", 0)
    kb.radio("fria_status", 0)
    kb.radio("toolkit_status", 0)
    screenshot(page, "04-lawfulness")
    cont()

    # 5. Safeguards: oversight and accountability
    page.get_by_role("heading", level=1, name="Safeguards: oversight and accountability").wait_for()
    kb.radio("human_review", 0)
    kb.type(page.locator("#id_human_oversight"), "An officer checks every alert.")
    kb.tick(label("Evaluated in real operating conditions"))
    for name, index in (("drift_monitoring", 0), ("per_group_testing", 1), ("protected_traits_as_features", 1)):
        kb.radio(name, index)
    kb.type(label("Evaluation, accuracy and bias testing (public summary)"), "98% plate accuracy in the field.")
    kb.radio("redress_route_exists", 0)
    kb.type(label("Redress route"), "Complaint to the police ombudsman.")
    for name, index in (("output_used_as_evidence", 1), ("use_disclosed", 0)):
        kb.radio(name, index)
    kb.type(label("Accountable role"), "Head of border policing")
    kb.type(label("Accountable person's name"), "Jane Doe")
    kb.radio("logging_enabled", 0)
    kb.type(label("Logging and audit (public summary)"), "Every query is logged.")
    cont()

    # 6. Images and tags: the file chooser opens with Space.
    page.get_by_role("heading", level=1, name="Images and tags").wait_for()
    picture = tmp_path / "diagram.png"
    picture.write_bytes(factories.png_bytes(size=(320, 200)))
    page.bring_to_front()  # in front, so the Space press reaches it as a user gesture
    chooser = open_file_chooser_with_space(page, kb, label("Add an image (optional)"))
    chooser.set_files(str(picture))
    kb.type(label("Alternative text for the image"), "A diagram of the camera and the alert flow")
    kb.type(label("Tags"), "borders, vehicles")
    kb.activate(page.get_by_role("button", name="Save and add another image"))
    page.get_by_alt_text("A diagram of the camera and the alert flow").wait_for()
    cont()

    # 7. Check your answers, submit with Enter.
    page.get_by_role("heading", level=1, name="Check your answers").wait_for()
    assert page.get_by_text("Some answers are still missing").count() == 0, page.locator("main").inner_text()[:2000]
    kb.activate(page.get_by_role("button", name="Submit", exact=True))
    page.get_by_role("heading", name="Submitted").wait_for()
    screenshot(page, "07-submitted")
    assert kb.stops > 50

    from portal.models import Submission

    submission = Submission.objects.get(submitter__email="kim@police.example.org")
    assert submission.status == "submitted"
    assert submission.page.specific.title == "Plates by keyboard"
    assert submission.page.specific.images.count() == 1
