"""Headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server.

Screenshots of key screens go to test-artifacts/screenshots/ (kept by CI as artifacts).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import missing_service

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from the test body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH")
    if not path or not os.access(path, os.X_OK):
        from tools.testservices.chromium import find_chromium

        path = find_chromium()
    if not path:
        missing_service("Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def site_tree(transactional_db: None) -> None:
    """The page tree and site the migrations create.

    Browser tests are transactional (the live server runs in another thread
    with its own connection), and Django flushes every table after each one,
    including the rows the data migrations made; this puts them back.
    (serialized_rollback did not restore them reliably once ordinary `db`
    tests had run first in the same session.)
    """
    from wagtail.models import Collection, Locale, Page, Site

    from showcase.models import CataloguePage, HomePage

    if not Collection.objects.exists():
        # Image uploads go to the root collection (created by a Wagtail migration).
        Collection.add_root(name="Root")
    if HomePage.objects.exists():
        return
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="AI use cases in law enforcement", slug="home"))
    home.add_child(instance=CataloguePage(title="Use cases", slug="cases"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )


@pytest.fixture
def page(browser, live_server, site_tree) -> Iterator:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest):
    """screenshot(page, "name") saves test-artifacts/screenshots/<test>--<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)

    def take(tab, name: str) -> Path:
        path = ARTIFACTS / f"{test_name}--{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take
