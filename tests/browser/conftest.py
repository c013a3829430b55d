"""Headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server.

Screenshots of key screens go to test-artifacts/screenshots/ (kept by CI as artifacts).
Accessibility checks run axe-core, installed from npm into tools/axe/ by the
``axe_script`` fixture (``npm ci --prefix tools/axe``) the first time it is needed.
"""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import missing_service

PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_DIR / "test-artifacts" / "screenshots"
AXE_DIR = PROJECT_DIR / "tools" / "axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG 2.1 A and AA rules (axe's tags); best practices are not part of the bar.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a-long-and-unusual-pass-42"

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
def browser(chromium_path: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS, headless=True)
        yield instance
        instance.close()


def restore_migrated_rows() -> None:
    """Put back what the data migrations made: taxonomies, criteria, the page tree, the workflow.

    Browser tests are transactional (the live server runs in another thread
    with its own connection), and Django flushes every table after each one,
    including the rows the data migrations made.
    """
    from django.apps import apps

    from moderation.models import Criterion
    from moderation.setup import setup_moderation
    from tests.portal.conftest import restore_migrated_rows as restore_portal_rows, restore_seeded

    from portal.meetings.organisers import ensure_organisers_group
    from portal.private_documents import ensure_staff_collection

    restore_portal_rows()
    if not Criterion.objects.exists():
        seed_criteria = importlib.import_module("moderation.migrations.0002_seed_criteria").seed
        restore_seeded([Criterion], lambda: seed_criteria(apps, None))
    setup_moderation()
    # Made after every migrate (portal's post_migrate hooks), so every migrated site has them.
    ensure_staff_collection()
    ensure_organisers_group()


@pytest.fixture
def site_tree(transactional_db: None, settings) -> None:
    restore_migrated_rows()
    if settings.ELASTICSEARCH_URL:
        _private_index(settings)


def _private_index(settings) -> None:
    """Each browser test searches its own, freshly built index (deleted at the end of the session's prefix)."""
    import uuid

    settings.CATALOGUE_INDEX_PREFIX = f"{settings.CATALOGUE_INDEX_PREFIX}-browser-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def build_index(settings) -> Iterator[Callable[[], None]]:
    """build_index() puts every published case into the catalogue's index (Elasticsearch only) and refreshes it."""
    client = None

    def build() -> None:
        nonlocal client
        if not settings.ELASTICSEARCH_URL:
            return
        from elasticsearch import Elasticsearch

        from showcase.search.connection import alias_name
        from showcase.search.rebuild import rebuild

        client = client or Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
        rebuild(grace_seconds=0, client=client)
        client.indices.refresh(index=alias_name())

    yield build
    if client is not None:
        prefix = settings.CATALOGUE_INDEX_PREFIX
        for name in client.indices.get(index=f"{prefix}-cases*", expand_wildcards="all").body:
            client.options(ignore_status=404).indices.delete(index=name)
        client.close()


def _new_page(browser, base_url: str, **options: Any):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, **options)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return context, tab


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


def _keep_failure_screens(request: pytest.FixtureRequest, tabs: list) -> None:
    """A failed test leaves a screenshot of each of its tabs as they were (test-artifacts/screenshots/*--FAILED-n.png)."""
    if not request.node.stash.get(_FAILED, False):
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    for index, tab in enumerate(tabs):
        try:
            tab.screenshot(path=str(ARTIFACTS / f"{test_name}--FAILED-{index}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a closed tab must not hide the test's own failure
            pass


@pytest.fixture
def page(browser, live_server, site_tree, request: pytest.FixtureRequest) -> Iterator:
    """A tab under the site's real Content-Security-Policy."""
    context, tab = _new_page(browser, live_server.url)
    yield tab
    _keep_failure_screens(request, [tab])
    context.close()


@pytest.fixture
def new_tab(browser, live_server, site_tree, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """new_tab() opens a tab in a fresh browser context (another person, other cookies)."""
    opened: list[tuple[Any, Any]] = []

    def open_tab(**options: Any):
        context, tab = _new_page(browser, live_server.url, **options)
        opened.append((context, tab))
        return tab

    yield open_tab
    _keep_failure_screens(request, [tab for _context, tab in opened])
    for context, _tab in opened:
        context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest):
    """screenshot(page, "name") saves test-artifacts/screenshots/<test>--<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)

    def take(tab, name: str) -> Path:
        path = ARTIFACTS / f"{test_name}--{name}.png"
        # A test with two tabs open (an axe tab beside the page) may leave this one in the background, where
        # headless Chromium can refuse to paint it ("Unable to capture screenshot", seen once in a full run).
        tab.bring_to_front()
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(tab, email: str, password: str = PASSWORD) -> None:
    """Log in through the site's own form (the portal's, not the admin's)."""
    tab.goto("/accounts/login/")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.get_by_role("button", name="Log out").wait_for()


def log_in_to_admin(tab, email: str, password: str = PASSWORD) -> None:
    """The admin's sign-in, then the second factor staff give (a code from their device, tests/two_factor.py)."""
    from django.contrib.auth import get_user_model

    from tests.two_factor import confirmed_device, next_code

    device = confirmed_device(get_user_model().objects.get(email=email))
    tab.goto("/admin/login/")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/two-factor/code/**")
    tab.get_by_label("Code from your authenticator app").fill(next_code(device))
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/admin/")


# --- axe-core ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """tools/axe/node_modules/axe-core/axe.min.js, installed with `npm ci` (the version pinned in tools/axe) if missing.

    Under CI=true a failed install fails the run; elsewhere the accessibility
    tests skip, with the reason printed.
    """
    if AXE_SCRIPT.exists():
        return AXE_SCRIPT
    # Two pytest-xdist workers may both find it missing: one installs, the other waits for it.
    with open(Path(tempfile.gettempdir()) / "aishowcase-axe-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not AXE_SCRIPT.exists():
            _install_axe()
    return AXE_SCRIPT


def _install_axe() -> None:
    npm = shutil.which("npm")
    if npm is None:
        _axe_unavailable("npm not found: cannot install axe-core (apt-get install npm)")
    try:
        subprocess.run(
            [npm, "ci", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "--ignore-scripts"],
            check=True, capture_output=True, text=True, timeout=300,
        )
    except subprocess.CalledProcessError as error:
        _axe_unavailable(f"`npm ci --prefix tools/axe` failed: {(error.stderr or error.stdout).strip()[-500:]}")
    except subprocess.TimeoutExpired:
        _axe_unavailable("`npm ci --prefix tools/axe` did not finish in 300 s")
    if not AXE_SCRIPT.exists():
        _axe_unavailable(f"`npm ci --prefix tools/axe` did not produce {AXE_SCRIPT.relative_to(PROJECT_DIR)}")


def _axe_unavailable(reason: str) -> None:
    print(f"\n!!! axe-core UNAVAILABLE - the accessibility tests will be SKIPPED: {reason}", file=sys.stderr)
    missing_service(reason)


@pytest.fixture
def a11y_tab(new_tab, axe_script) -> Callable[[], Any]:
    """a11y_tab() opens a tab for axe checks.

    Its context bypasses the Content-Security-Policy: Playwright injects
    axe-core as an inline script, which the site's strict policy (rightly)
    blocks. The journeys run under the real policy in the ``page`` fixture.
    """
    return lambda: new_tab(bypass_csp=True)


def axe_violations(tab, axe_script: Path) -> list[dict[str, Any]]:
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.add_script_tag(path=str(axe_script))
    result = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:8]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


class AxeReport:
    """check(tab, "name") screenshots the page and runs axe; assert_clean() fails with every page's violations at once."""

    def __init__(self, script: Path, screenshot: Callable[[Any, str], Path]) -> None:
        self.script = script
        self.screenshot = screenshot
        self.found: dict[str, list[dict[str, Any]]] = {}

    def check(self, tab, name: str) -> list[dict[str, Any]]:
        self.screenshot(tab, name)
        violations = axe_violations(tab, self.script)
        if violations:
            self.found[f"{name} ({tab.url})"] = violations
        return violations

    def assert_clean(self) -> None:
        report = "\n".join(f"--- {page}\n{describe(violations)}" for page, violations in self.found.items())
        assert not self.found, f"axe found WCAG 2.1 A/AA violations:\n{report}"


@pytest.fixture
def axe(axe_script: Path, screenshot) -> AxeReport:
    return AxeReport(axe_script, screenshot)
