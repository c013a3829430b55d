"""The account pages issue 21 added, in Chromium: choosing a password at the e-mailed link, and a member
confirming a colleague who asked to join; axe-core (WCAG 2.1 A/AA) on each, screenshots kept."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests import factories

from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choose_a_password_then_a_member_confirms_the_newcomer(a11y_tab, axe, site_tree):
    organisation = factories.organisation("Example Police", domain="police.example.org")
    member = factories.submitter("member@police.example.org", org=organisation, password=PASSWORD, first_name="Mia")
    mail.outbox.clear()

    newcomer = a11y_tab()
    newcomer.goto("/accounts/register/")
    newcomer.get_by_label("Full name").fill("Noah Newcomer")
    newcomer.get_by_label("E-mail address").fill("noah@police.example.org")
    newcomer.get_by_label("Organisation", exact=True).fill("Example Police")
    newcomer.get_by_label("National police").check()
    newcomer.get_by_label("Country of the organisation").select_option("FR")
    newcomer.get_by_role("button", name="Create account").click()
    newcomer.get_by_role("heading", name="Check your e-mail").wait_for()
    axe.check(newcomer, "check-your-email")

    link = re.search(r"https?://[^/\s]+(/accounts/verify/[^/\s]+/)", mail.outbox[-1].body).group(1)
    newcomer.goto(link)
    newcomer.get_by_role("heading", name="Choose your password").wait_for()
    newcomer.get_by_role("button", name="Open my account").click()  # empty: the error summary
    newcomer.get_by_text("There is a problem").wait_for()
    axe.check(newcomer, "choose-password-errors")
    newcomer.get_by_label("Password", exact=True).fill("a-long-and-unusual-pass-42")
    newcomer.get_by_label("Password again").fill("a-long-and-unusual-pass-42")
    newcomer.get_by_role("button", name="Open my account").click()
    newcomer.get_by_text("have been asked to confirm you").wait_for()
    newcomer.goto("/accounts/colleagues/")
    newcomer.get_by_text("You asked to join Example Police").wait_for()
    axe.check(newcomer, "colleagues-waiting")

    colleague = a11y_tab()
    log_in(colleague, member.email)
    colleague.goto("/accounts/colleagues/")
    colleague.get_by_text("noah@police.example.org").first.wait_for()
    axe.check(colleague, "colleagues-pending")
    colleague.get_by_role("button", name="Confirm noah@police.example.org").click()
    colleague.get_by_text("Noah Newcomer is now a confirmed member of Example Police").wait_for()
    axe.check(colleague, "colleagues-confirmed")
    axe.assert_clean()

    from portal.models import User

    assert User.objects.get(email="noah@police.example.org").membership_confirmed_by == member
