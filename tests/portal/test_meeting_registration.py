"""'Register for the meeting' (portal:meeting_register): who may register, when, and what is stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.models import MeetingInvitation, MeetingRegistration, OutboxEmail, RegistrationStatus
from showcase.taxonomies import OrganisationType
from showcase.visibility import can_see_attendee_cases
from tests import factories
from tests.portal.meeting_data import meeting

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def form_data(**overrides):
    data = {
        "role": "Head of digital forensics",
        "organisation": "Test police agency",
        "organisation_type": factories.taxonomy(OrganisationType).pk,
        "country": "FR",
        "accessibility_needs": "",
    }
    data.update(overrides)
    return data


def url(page=None) -> str:
    return reverse("portal:meeting_register", args=[page.pk]) if page else reverse("portal:meeting_register")


def test_an_anonymous_visitor_is_sent_to_create_an_account_first(client):
    page = meeting()
    response = client.get(url())
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("accounts:register") in text
    assert f"{reverse('accounts:login')}?next={url()}" in text.replace("%2F", "/")
    assert 'name="role"' not in text


def test_an_unverified_account_is_asked_to_confirm_its_address(client):
    meeting()
    client.force_login(factories.submitter(verified=False))
    response = client.get(url())
    assert "Confirm your e-mail address first" in response.content.decode()
    assert client.post(url(), form_data()).status_code == 200
    assert not MeetingRegistration.objects.exists()


def test_a_verified_person_registers_and_waits_for_the_organisers(client, django_capture_on_commit_callbacks):
    page = meeting()
    person = factories.submitter()
    client.force_login(person)
    form = client.get(url())
    assert 'name="role"' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(), form_data(accessibility_needs="Captions, please"), follow=True)
    registration = MeetingRegistration.objects.get()
    assert (registration.meeting_id, registration.user_id) == (page.pk, person.pk)
    assert registration.status == RegistrationStatus.PENDING
    assert registration.accessibility_needs == "Captions, please"
    # Health information, confidential: stored encrypted like the submissions' confidential answers.
    with connection.cursor() as cursor:
        cursor.execute("SELECT accessibility_needs FROM portal_meetingregistration WHERE id = %s", [registration.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("fernet:") and "Captions" not in raw
    assert "waiting for the organisers" in response.content.decode()
    person.refresh_from_db()
    assert not can_see_attendee_cases(person)  # pending: no access
    # Registering twice shows the status, never a second registration.
    client.post(url(), form_data())
    assert MeetingRegistration.objects.count() == 1


def test_registration_after_the_deadline_is_refused_with_a_clear_message(client):
    page = meeting(deadline=timezone.now() - timedelta(hours=1))
    client.force_login(factories.submitter())
    shown = client.get(url())
    assert shown.status_code == 200
    assert "Registration is closed" in shown.content.decode()
    assert 'name="role"' not in shown.content.decode()
    refused = client.post(url(page), form_data())
    assert refused.status_code == 403
    assert "Registration for" in refused.content.decode() and "closed on" in refused.content.decode()
    assert not MeetingRegistration.objects.exists()


def test_an_invited_person_registers_after_the_deadline_and_is_approved_at_once(client, django_capture_on_commit_callbacks, mailoutbox):
    page = meeting(deadline=timezone.now() - timedelta(hours=1))
    person = factories.submitter("late.guest@police.example.org")
    MeetingInvitation.objects.create(meeting=page, email="Late.Guest@police.example.org".lower(), name="Late Guest")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(), form_data())
    registration = MeetingRegistration.objects.get()
    assert registration.status == RegistrationStatus.APPROVED
    person.refresh_from_db()
    assert can_see_attendee_cases(person)
    assert [message.to for message in mailoutbox] == [["late.guest@police.example.org"]]


def test_nobody_registers_once_the_meeting_is_over(client):
    page = meeting(start=(timezone.now() - timedelta(days=10)).date(), deadline=timezone.now() - timedelta(days=20))
    MeetingInvitation.objects.create(meeting=page, email="guest@police.example.org")
    client.force_login(factories.submitter("guest@police.example.org"))
    response = client.post(url(page), form_data())
    assert response.status_code == 403
    assert "has ended" in response.content.decode()
    assert not MeetingRegistration.objects.exists()


def test_without_a_meeting_the_page_is_not_found(client):
    assert client.get(url()).status_code == 404
    assert client.get("/meetings/999999999/register/").status_code == 404


HOSTILE = [
    "<script>alert(1)</script>",
    "' OR 1=1; --",
    "=HYPERLINK(\"http://evil.example\")",
    "\u202egnp.exe",
    "A\u200bB",
    "x" * 5000,
    "\x00null",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["role", "organisation", "accessibility_needs", "country", "organisation_type",
                                   "sessions_of_interest"])
def test_hostile_input_in_every_field_is_refused_or_stored_harmlessly(client, field, value):
    meeting()
    client.force_login(factories.submitter())
    response = client.post(url(), form_data(**{field: value}))
    assert response.status_code in (200, 302)
    assert "<script>alert(1)</script>" not in response.content.decode()
    for registration in MeetingRegistration.objects.all():
        for stored in (registration.role, registration.organisation, registration.accessibility_needs):
            assert "\u202e" not in stored and "\u200b" not in stored and "\x00" not in stored
            assert len(stored) <= 2000
        assert registration.sessions_of_interest == []


def test_sessions_of_interest_are_the_meetings_own(client):
    page = meeting()
    from datetime import time

    from showcase.models import MeetingSession

    session = MeetingSession(page=page, title="Opening", date=page.start_date, start_time=time(14), end_time=time(15))
    session.derive_instants(page.time_zone)
    session.save()
    client.force_login(factories.submitter())
    assert client.post(url(), form_data(sessions_of_interest=["999999"])).status_code == 200
    assert not MeetingRegistration.objects.exists()
    client.post(url(), form_data(sessions_of_interest=[str(session.pk)]))
    assert MeetingRegistration.objects.get().sessions_of_interest == [session.pk]


def test_the_outbox_keeps_the_approval_calendar(client, django_capture_on_commit_callbacks):
    page = meeting(deadline=timezone.now() - timedelta(hours=1))
    MeetingInvitation.objects.create(meeting=page, email="guest@police.example.org")
    client.force_login(factories.submitter("guest@police.example.org"))
    client.post(url(), form_data())
    email = OutboxEmail.objects.get(kind="meeting_approved")
    assert email.attachment_name == "meeting.ics"
    assert "BEGIN:VCALENDAR" in email.attachment_content
