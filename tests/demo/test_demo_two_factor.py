"""Demo staff can reach the admin after `make run`: a published demo key, and `demo_code` for the code."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from demo.accounts import DEMO_LOGINS, ensure_demo_users
from demo.two_factor import DEMO_TOTP_KEY, demo_manual_key, give_demo_staff_a_device
from portal.models import User
from portal.two_factor import devices

pytestmark = pytest.mark.django_db


def test_demo_staff_get_the_demo_key_and_the_printed_code_signs_them_in():
    ensure_demo_users()
    users = list(User.objects.filter(email__in=[login.email for login in DEMO_LOGINS]))
    staff = [user for user in users if devices.is_required(user)]
    assert {u.email for u in staff} >= {"admin@example.org", "editor@example.org", "reviewer@example.org"}
    assert give_demo_staff_a_device(users) == len(staff)
    assert give_demo_staff_a_device(users) == 0  # idempotent
    for user in users:
        device = devices.authenticator_of(user)
        assert (device is not None) == (user in staff)
    out = StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().split()[0]
    reviewer = devices.authenticator_of(User.objects.get(email="reviewer@example.org"))
    assert reviewer.key == DEMO_TOTP_KEY and reviewer.verify_token(code)
    assert demo_manual_key().replace(" ", "") == devices.manual_key(reviewer).replace(" ", "")
