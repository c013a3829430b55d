"""Registering for the meeting, in Chromium: a person creates an account, verifies it, registers; an organiser
approves them from the admin listing; the person then finds the attendees-only case, and after the access
window no longer does. axe-core (WCAG 2.1 A/AA) on the registration and organiser pages."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from portal.meetings.access import access_ends_at
from portal.meetings.organisers import ORGANISERS
from tests import factories
from tests.portal.meeting_data import meeting

from .conftest import PASSWORD, log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.embedded, pytest.mark.django_db(transaction=True)]

SECRET_TITLE = "Covert plate watchlist"
EMAIL = "noah@police.example.org"


def create_account(tab) -> None:
    tab.get_by_role("link", name="Create an account").click()
    tab.get_by_label("Full name").fill("Noah Newcomer")
    tab.get_by_label("E-mail address").fill(EMAIL)
    tab.get_by_label("Organisation", exact=True).fill("Example Police")
    tab.get_by_label("National police").check()
    tab.get_by_label("Country of the organisation").select_option("FR")
    tab.get_by_role("button", name="Create account").click()
    tab.get_by_role("heading", name="Check your e-mail").wait_for()
    link = re.search(r"https?://[^/\s]+(/accounts/verify/[^/\s]+/)", mail.outbox[-1].body).group(1)
    tab.goto(link)
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_label("Password again").fill(PASSWORD)
    tab.get_by_role("button", name="Open my account").click()
    tab.get_by_role("button", name="Log out").wait_for()


def secret_listed(tab) -> bool:
    tab.goto("/cases/?q=covert")
    return SECRET_TITLE in tab.locator("main").inner_text()


def test_register_verify_be_approved_see_attendee_cases_then_lose_them(a11y_tab, axe, site_tree, build_index):
    the_meeting = meeting()
    factories.use_case(title=SECRET_TITLE, summary="Unmarked cars read plates against a watchlist.",
                       visibility="attendees")
    build_index()
    factories.user("organiser@example.org", groups=(ORGANISERS,), password=PASSWORD)
    mail.outbox.clear()

    person = a11y_tab()
    person.goto(the_meeting.url)  # the meeting page's button leads to the registration
    person.get_by_role("link", name="Register for the meeting").click()
    person.get_by_role("heading", name=f"Register for {the_meeting.title}").wait_for()
    assert person.get_by_role("link", name="Joining link").count() == 0
    axe.check(person, "01-account-first")
    create_account(person)
    assert not secret_listed(person)

    person.goto("/meeting/register/")
    person.get_by_role("button", name="Register").click()  # nothing typed: the error summary
    person.get_by_text("There is a problem").wait_for()
    axe.check(person, "02-register-errors")
    person.get_by_label("Your role or job title").fill("Head of digital forensics")
    person.get_by_role("button", name="Register").click()
    person.get_by_text("waiting for the organisers' decision").first.wait_for()
    axe.check(person, "03-registration-waiting")
    assert not secret_listed(person)  # pending: no access

    organiser = a11y_tab()
    log_in_to_admin(organiser, "organiser@example.org")
    organiser.goto("/admin/meeting-registrations/")
    organiser.get_by_text(EMAIL).first.wait_for()
    axe.check(organiser, "04-organiser-listing")
    organiser.get_by_label(f"Choose {EMAIL}").check()
    organiser.get_by_role("button", name="Approve", exact=True).click()
    organiser.get_by_text("1 registration approved").wait_for()
    # Wagtail fades its messages in: check the contrast once the fade has ended.
    organiser.wait_for_function(
        "(() => { const box = document.querySelector('.messages');"
        " return box && box.getAnimations({subtree: true}).every(a => a.playState !== 'running'); })()"
    )
    axe.check(organiser, "05-organiser-approved")

    approval = next(message for message in mail.outbox if message.to == [EMAIL] and "approved" in message.subject)
    _name, content, _type = approval.attachments[0]
    assert Calendar.from_ical(content).walk("VEVENT")

    assert secret_listed(person)
    person.get_by_role("link", name=SECRET_TITLE).click()
    person.get_by_role("heading", level=1, name=SECRET_TITLE).wait_for()
    person.goto(the_meeting.url)
    assert person.get_by_role("link", name="Joining link").get_attribute("href") == the_meeting.joining_url

    with time_machine.travel(access_ends_at(the_meeting) + timedelta(minutes=1), tick=False):
        call_command("expire_meeting_access", stdout=io.StringIO())
    assert not secret_listed(person)
    person.goto(the_meeting.url)
    assert person.get_by_role("link", name="Joining link").count() == 0
    axe.assert_clean()


def test_the_closed_registration_page_is_accessible(a11y_tab, axe, site_tree):
    from django.utils import timezone

    meeting(deadline=timezone.now() - timedelta(days=1))
    factories.submitter("late@police.example.org", password=PASSWORD)
    tab = a11y_tab()
    tab.goto("/accounts/login/")
    tab.get_by_label("E-mail address").fill("late@police.example.org")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.get_by_role("button", name="Log out").wait_for()
    tab.goto("/meeting/register/")
    tab.get_by_role("heading", name="Registration is closed").wait_for()
    axe.check(tab, "closed")
    axe.assert_clean()
