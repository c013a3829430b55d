"""The skeleton works for a person in a real browser: keyboard first, then the admin."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]


def test_home_page_keyboard_skip_link_and_navigation(page, screenshot):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content", "the skip link must be the first thing the keyboard reaches"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"
    screenshot(page, "home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Use cases").click()
    page.wait_for_url("**/cases/")
    assert page.get_by_role("heading", level=1).inner_text() == "Use cases"
    screenshot(page, "catalogue")


def test_administrator_logs_into_the_wagtail_admin(page, screenshot):
    from tests.two_factor import confirmed_device, next_code

    admin = get_user_model().objects.create_superuser("admin@example.org", "demo-admin-pass")
    device = confirmed_device(admin)  # staff sign in with a second factor
    page.goto("/admin/login/")
    page.get_by_label("E-mail address").fill("Admin@Example.org")
    page.get_by_label("Password").fill("demo-admin-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/code/**")
    page.get_by_label("Code from your authenticator app").fill(next_code(device))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    assert "Dashboard" in page.title()
    screenshot(page, "admin-dashboard")
