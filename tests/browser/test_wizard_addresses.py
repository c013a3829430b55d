"""The wizard in the browser: addresses stay where they belong, and error messages name the question.

A fragment in the address (``#images`` after "Change" on check your answers, or after adding an
image) used to follow the form to the next step: the address became ``/check/#images``. Adding
and removing an image now keeps the person on the media step's own address, and the next step's
address has no fragment.
"""

from __future__ import annotations

import re

import pytest

from tests import factories

from .sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]


def test_adding_and_removing_images_keeps_the_media_address(new_tab, live_server, tmp_path, site_tree):
    item = factories.complete_submission()
    tab = new_tab()
    sign_in(tab, item.submitter, live_server.url)
    media, check = f"{live_server.url}/submit/{item.pk}/media/", f"{live_server.url}/submit/{item.pk}/check/"
    tab.goto(check)
    tab.get_by_role("link", name="Change Images").click()
    assert tab.url == f"{media}#images"

    picture = tmp_path / "diagram.png"
    picture.write_bytes(factories.png_bytes(size=(320, 200)))
    tab.get_by_label("Add an image (optional)").set_input_files(str(picture))
    tab.get_by_label("Alternative text for the image").fill("A diagram of the alert flow")
    tab.get_by_role("button", name="Save and add another image").click()
    tab.get_by_text("The image is added.").wait_for()
    assert tab.url == media

    tab.get_by_role("button", name=re.compile("^Remove")).click()
    tab.get_by_text("The image is removed.").wait_for()
    assert tab.url == media

    tab.goto(f"{media}#images")
    tab.get_by_role("button", name="Save and continue").click()
    tab.get_by_role("heading", level=1, name="Check your answers").wait_for()
    assert tab.url == check, "no fragment follows the form to the next step"


def test_the_error_summary_and_the_field_name_what_is_missing(new_tab, live_server, site_tree):
    item = factories.draft_submission()
    tab = new_tab()
    sign_in(tab, item.submitter, live_server.url)
    tab.goto(f"/submit/{item.pk}/use-case/")
    tab.get_by_label("Title").fill("")
    tab.get_by_role("button", name="Save and continue").click()
    summary = tab.get_by_role("alert")
    summary.get_by_text("There is a problem").wait_for()
    links = summary.get_by_role("link").all_inner_texts()
    assert links[:4] == ["Enter a title", "Enter a short summary", "Choose the deployment stage",
                         "Choose at least one use category"], links
    assert "This field is required." not in tab.locator("main").inner_text()
    assert " ".join(tab.locator("#id_title-error").inner_text().split()) == "Error: Enter a title"
    summary.get_by_role("link", name="Choose the deployment stage").click()
    assert tab.evaluate("document.activeElement.id") == "id_deployment_stage_0"
