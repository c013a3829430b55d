"""seed_demo's meeting registrations: each state, the demo organiser can log in and vet them, idempotent."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse

from demo.meeting_registrations import REGISTRANTS, seed_demo_registrations
from portal.models import MeetingInvitation, MeetingRegistration, RegistrationStatus, User
from showcase.meetings import current_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_the_demo_organiser_vets_registrations_in_each_state(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # idempotent
    page = current_meeting()  # the demo meeting
    assert MeetingRegistration.objects.filter(meeting=page).count() == len(REGISTRANTS)
    assert set(MeetingRegistration.objects.values_list("status", flat=True)) == set(RegistrationStatus.values)
    assert MeetingInvitation.objects.filter(meeting=page).exists()
    organiser = authenticate(username="organiser@example.org", password="demo-organiser-pass")
    assert organiser is not None
    client.force_login(organiser)
    listing = client.get(reverse("meeting_registrations:listing"))
    assert listing.status_code == 200 and "Amira Haddad" in listing.content.decode()
    # The registrants without a demo password cannot log in.
    assert not User.objects.get(email="sales@vendor.example.com").has_usable_password()


def test_without_a_meeting_there_is_nothing_to_seed():
    assert seed_demo_registrations(None) == 0
    assert not MeetingRegistration.objects.exists()
