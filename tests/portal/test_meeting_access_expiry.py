"""manage.py expire_meeting_access with a frozen clock: warned once, access ended after the window, idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from portal.meetings import vetting
from portal.meetings.access import access_ends_at
from portal.models import MeetingRegistration, OutboxEmail, User
from showcase.meetings import meeting_closing
from showcase.visibility import ATTENDEES_GROUP, can_see_attendee_cases
from tests import factories
from tests.portal.meeting_data import meeting, registration

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

START = date(2027, 3, 1)


def approved(page, email=None):
    waiting = registration(page, factories.submitter(email))
    vetting.decide([waiting.pk], approve=True, reason="", by=None)
    return User.objects.get(pk=waiting.user_id)


def run() -> None:
    call_command("expire_meeting_access", stdout=open("/dev/null", "w"))


def test_the_job_is_scheduled():
    from django.conf import settings

    assert "expire_meeting_access" in [name for name, _args, _interval in settings.SCHEDULED_JOBS]


@override_settings(MEETING_ACCESS_DAYS=90, MEETING_ACCESS_WARNING_DAYS=7)
def test_access_ends_ninety_days_after_the_meeting_after_one_warning(mailoutbox, django_capture_on_commit_callbacks):
    page = meeting(start=START)
    person = approved(page, "attendee@police.example.org")
    ends = meeting_closing(page) + timedelta(days=90)
    assert access_ends_at(page) == ends

    with time_machine.travel(ends - timedelta(days=8), tick=False):
        run()
    assert OutboxEmail.objects.filter(kind="meeting_access_ending").count() == 0

    with time_machine.travel(ends - timedelta(days=6), tick=False), django_capture_on_commit_callbacks(execute=True):
        run()
        run()  # idempotent: told once
    warnings = [m for m in mailoutbox if "ends soon" in m.subject]
    assert [m.to for m in warnings] == [["attendee@police.example.org"]]
    assert can_see_attendee_cases(User.objects.get(pk=person.pk))

    with time_machine.travel(ends - timedelta(seconds=1), tick=False):
        run()
    assert can_see_attendee_cases(User.objects.get(pk=person.pk))

    with time_machine.travel(ends + timedelta(seconds=1), tick=False):
        run()
        run()
    assert not can_see_attendee_cases(User.objects.get(pk=person.pk))
    assert MeetingRegistration.objects.get(user=person).access_ended_at is not None
    assert OutboxEmail.objects.filter(kind="meeting_access_ending").count() == 1


@override_settings(MEETING_ACCESS_DAYS=10)
def test_the_window_is_configurable_and_a_later_meeting_keeps_access():
    first = meeting(start=START)
    later = meeting(start=START + timedelta(days=60), title="The next meeting")
    both = approved(first, "both@police.example.org")
    registration(later, both)
    MeetingRegistration.objects.filter(meeting=later, user=both).update(status="approved")
    only_first = approved(first, "first@police.example.org")
    with time_machine.travel(meeting_closing(first) + timedelta(days=10, minutes=1), tick=False):
        run()
    assert not can_see_attendee_cases(User.objects.get(pk=only_first.pk))
    assert can_see_attendee_cases(User.objects.get(pk=both.pk))


def test_people_added_by_hand_and_pending_or_declined_ones_are_left_alone():
    page = meeting(start=START)
    by_hand = factories.attendee()
    waiting = registration(page)
    with time_machine.travel(meeting_closing(page) + timedelta(days=365), tick=False):
        run()
    assert User.objects.get(pk=by_hand.pk).groups.filter(name=ATTENDEES_GROUP).exists()
    waiting.refresh_from_db()
    assert waiting.access_ended_at is None and not can_see_attendee_cases(waiting.user)
