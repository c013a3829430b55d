"""seed_demo's meeting registrations: each state, the demo organiser can log in and vet them, idempotent."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse

from demo.meeting_registrations import REGISTRANTS, seed_demo_registrations
from portal.models import MeetingInvitation, MeetingRegistration, RegistrationStatus, User
from showcase.meetings import current_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_without_a_meeting_there_is_nothing_to_seed():
    assert seed_demo_registrations(None) == 0
    assert not MeetingRegistration.objects.exists()
