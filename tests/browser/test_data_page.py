"""In a real browser: the open-data page (/data/) passes axe on a desktop and a phone, fits a phone's width,
loads under the real Content-Security-Policy, and "Newest snapshot as CSV" downloads the dated file."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command

from showcase.snapshots import store
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def snapshot(site_tree, settings, tmp_path) -> store.SnapshotFile:
    settings.SNAPSHOT_DIR = str(tmp_path / "snapshots")
    factories.use_case(title="Plate readers at border crossings")
    factories.use_case(title="Emergency call triage assistant", visibility="attendees")
    call_command("write_snapshot")
    newest = store.latest("csv")
    assert newest is not None
    return newest


def test_data_page_is_accessible_and_downloads_the_dated_file(a11y_tab, axe, page, snapshot, screenshot, tmp_path):
    tab = a11y_tab()
    tab.goto("/data/")
    axe.check(tab, "data-desktop")
    tab.set_viewport_size(PHONE)
    tab.reload()
    axe.check(tab, "data-phone")
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling on a phone"
    axe.assert_clean()

    blocked: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.goto("/data/")
    page.get_by_role("heading", level=1, name="Open data").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Newest snapshot as CSV").click()
    download = download_info.value
    assert download.suggested_filename == snapshot.name
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == snapshot.sha256
    assert b"Plate readers at border crossings" in saved.read_bytes()
    assert b"Emergency call triage" not in saved.read_bytes()
    screenshot(page, "data-page")
    assert blocked == []
