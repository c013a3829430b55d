"""A reviewer's two-factor journey in a real browser (issue 18): sent to set-up, adds the key to an "app"
(the code computed here from the key the page shows, as a phone would), signs in with a code, is locked out
after repeated bad codes, and comes in with a recovery code."""

from __future__ import annotations

import base64

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.oath import totp

from tests import factories

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(manual_key: str, drift: int = 0) -> str:
    """What an authenticator app shows for the typed key (RFC 6238: 30 s steps, six digits)."""
    key = manual_key.replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(secret, drift=drift):06d}"


def password_sign_in(tab, email: str) -> None:
    tab.goto("/admin/login/")
    tab.get_by_label("E-mail address").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()


def test_a_reviewer_sets_up_signs_in_is_locked_out_and_recovers(page, new_tab, screenshot):
    reviewer = factories.user("reviewer@review.example.org", password=PASSWORD, groups=("Reviewers",))
    Group.objects.get(name="Reviewers").permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    password_sign_in(page, reviewer.email)
    page.wait_for_url("**/accounts/two-factor/set-up/**")
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    key = page.get_by_test_id("manual-key").inner_text()
    screenshot(page, "set-up")
    page.goto("/admin/pages/")  # nothing in the admin before set-up
    assert "/accounts/two-factor/set-up/" in page.url
    page.get_by_label("Code from your authenticator app").fill(app_code(key, drift=-1))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_test_id("recovery-codes").locator("code").first.wait_for()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, "recovery-codes")
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url("**/admin/pages/**")  # where the reviewer was going

    later = new_tab()
    password_sign_in(later, reviewer.email)
    later.wait_for_url("**/accounts/two-factor/code/**")
    later.get_by_label("Code from your authenticator app").fill(app_code(key))
    later.get_by_role("button", name="Sign in").click()
    later.wait_for_url("**/admin/")
    assert later.get_by_role("main").is_visible()

    thief = new_tab()  # knows the password, not the phone
    password_sign_in(thief, reviewer.email)
    thief.wait_for_url("**/accounts/two-factor/code/**")
    for _attempt in range(5):
        thief.get_by_label("Code from your authenticator app").fill("000000" if app_code(key) != "000000" else "999999")
        with thief.expect_navigation():  # the answer to this attempt, not the page of the last one (a loaded CI run raced)
            thief.get_by_role("button", name="Sign in").click()
        assert thief.get_by_text("That code is not right").first.is_visible()
    thief.get_by_label("Code from your authenticator app").fill(app_code(key, drift=1))
    with thief.expect_navigation():
        thief.get_by_role("button", name="Sign in").click()
    assert thief.get_by_role("heading", name="Too many attempts").is_visible()
    screenshot(thief, "locked-out")
    thief.goto("/admin/")
    assert "/accounts/two-factor/code/" in thief.url

    thief.get_by_role("link", name="Use a recovery code instead").click()  # the owner, phone lost, recovers
    thief.get_by_label("Recovery code").fill(codes[0])
    thief.get_by_role("button", name="Sign in").click()
    thief.wait_for_url("**/admin/")
    assert thief.get_by_text("You used a recovery code; 9 left").is_visible()
