"""seed_demo's meeting registrations without a meeting (with the demo meeting: tests/demo/test_seed_demo.py)."""

import pytest

from demo.meeting_registrations import seed_demo_registrations
from portal.models import MeetingRegistration

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_without_a_meeting_there_is_nothing_to_seed():
    assert seed_demo_registrations(None) == 0
    assert not MeetingRegistration.objects.exists()
