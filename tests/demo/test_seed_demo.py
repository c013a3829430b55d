"""manage.py seed_demo: idempotent, prints the logins, refuses where demo data is off."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from demo.accounts import demo_logins
from demo.meeting_registrations import REGISTRANTS

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_seed_demo_twice_leaves_the_same_accounts(capsys):
    call_command("seed_demo")
    first = get_user_model().objects.count()
    call_command("seed_demo")
    # The demo logins, and the demo meeting's registrants (the demo attendee is one of them).
    people = {login.email for login in demo_logins()} | {email for email, *_rest in REGISTRANTS}
    assert get_user_model().objects.count() == first == len(people)
    out = capsys.readouterr().out
    assert "admin@example.org" in out and "demo-admin-pass" in out
    admin = authenticate(username="admin@example.org", password="demo-admin-pass")
    assert admin is not None and admin.is_superuser


def test_seed_demo_refuses_when_demo_data_is_off(settings):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
        call_command("seed_demo")
    assert get_user_model().objects.count() == 0
