"""Two-factor sign-in (issue 18): staff must set up a TOTP device; a code follows the password; codes are rate-limited.

Signs in through the real forms (not ``force_login``, which tests/two_factor.py verifies for other tests).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from tests import factories
from tests.two_factor import confirmed_device, next_code

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

PASSWORD = "staff-password-1"
SETUP, VERIFY, RECOVER = "/accounts/two-factor/set-up/", "/accounts/two-factor/code/", "/accounts/two-factor/recovery/"


def reviewer(email: str = "reviewer@review.example.org"):
    person = factories.user(email, password=PASSWORD, groups=("Reviewers",))
    team = Group.objects.get(name="Reviewers")
    team.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return person


def password_sign_in(person) -> Client:
    client = Client()
    response = client.post("/admin/login/", {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def manual_key(client: Client) -> str:
    page = client.get(SETUP).content.decode()
    return re.search(r'data-testid="manual-key">([A-Z2-7 ]+)<', page).group(1)


def test_a_reviewer_without_a_device_reaches_only_the_set_up_page():
    client = password_sign_in(reviewer())
    for path in ("/admin/", "/admin/pages/", "/admin/users/", "/admin/documents/", "/documents/1/x.pdf", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), path
    page = client.get(SETUP)
    assert page.status_code == 200 and b"data:image/svg+xml;base64," in page.content
    assert client.post("/admin/pages/add/showcase/usecasepage/1/", {}).status_code == 302  # refused, to set-up


def test_set_up_with_the_key_gives_single_use_recovery_codes_and_opens_the_admin():
    person = reviewer()
    client = password_sign_in(person)
    key = manual_key(client)
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    assert key.replace(" ", "") in device.config_url  # the key typed by hand is the one in the QR code
    wrong = client.post(SETUP, {"code": "000000" if next_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and b"That code is not right" in wrong.content
    done = client.post(SETUP, {"code": next_code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(StaticToken.objects.filter(device__user=person).values_list("token", flat=True)) == set(codes)
    assert client.get("/admin/").status_code == 200


def test_a_code_follows_the_password_and_bad_codes_lock_out_but_a_recovery_code_gets_in():
    person = reviewer()
    device = confirmed_device(person)
    [recovery] = _recovery_codes(person, 1)
    client = password_sign_in(person)
    assert client.get("/admin/pages/")["Location"].startswith(VERIFY)
    for _attempt in range(5):
        refused = client.post(VERIFY, {"code": "12345 6"})
        assert refused.status_code == 200 and b"That code is not right" in refused.content
    locked = client.post(VERIFY, {"code": next_code(device)})  # even the right code: the account is locked
    assert locked.status_code == 429 and locked["Retry-After"]
    assert RECOVER.encode() in locked.content
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    response = client.post(RECOVER, {"code": recovery, "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    again = password_sign_in(person)
    assert again.post(RECOVER, {"code": recovery}).status_code == 200  # used once, gone


def test_a_right_code_signs_in_and_goes_back_where_the_person_was_going():
    person = reviewer()
    device = confirmed_device(person)
    client = password_sign_in(person)
    response = client.post(VERIFY, {"code": next_code(device), "next": "https://evil.example.net/"})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("hostile", ["\u202e123456", "1" * 5000, "１２３４５６", "' OR 1=1 --", ""])
def test_hostile_codes_are_refused_without_an_error(hostile):
    person = reviewer()
    confirmed_device(person)
    client = password_sign_in(person)
    for path in (VERIFY, RECOVER):
        response = client.post(path, {"code": hostile})
        assert response.status_code == 200 and b"error-summary" in response.content
    assert client.get("/admin/").status_code == 302


def test_a_submitter_may_turn_it_on_and_then_signs_in_with_a_code():
    person = factories.submitter("owner@police.example.org", password=PASSWORD)
    client = Client()
    client.post(reverse("accounts:login"), {"username": person.email, "password": PASSWORD})
    assert client.get(reverse("submissions:list")).status_code == 200  # not required for submitters
    assert b"Turn on two-factor sign-in" in client.get(reverse("accounts:two_factor")).content
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    assert client.post(SETUP, {"code": next_code(device)}).status_code == 200
    later = Client()
    later.post(reverse("accounts:login"), {"username": person.email, "password": PASSWORD})
    assert later.get(reverse("submissions:list"))["Location"].startswith(VERIFY)
    later.post(VERIFY, {"code": next_code(device)})
    assert later.get(reverse("submissions:list")).status_code == 200
    assert later.post(reverse("accounts:two_factor_turn_off")).status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_staff_cannot_turn_it_off():
    person = reviewer()
    client = Client()
    client.force_login(person)  # verified (tests/two_factor.py)
    client.post(reverse("accounts:two_factor_turn_off"))
    assert TOTPDevice.objects.filter(user=person, confirmed=True).exists()


def test_an_administrator_resets_a_device_and_the_audit_log_says_so():
    person = reviewer()
    confirmed_device(person)
    _recovery_codes(person, 2)
    admin = factories.user("admin@review.example.org", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    assert b"Reset two-factor sign-in" in client.get("/admin/users/").content
    url = reverse("two_factor_admin:reset", args=[person.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists() and not StaticToken.objects.filter(device__user=person).exists()
    entry = ModelLogEntry.objects.get(action="portal.two_factor_reset")
    assert entry.user_id == admin.pk and entry.object_id == str(person.pk)
    assert password_sign_in(person).get("/admin/")["Location"].startswith(SETUP)


def test_a_reviewer_cannot_reset_anyone():
    victim, attacker = reviewer(), reviewer("other@review.example.org")
    confirmed_device(victim)
    client = Client()
    client.force_login(attacker)
    assert client.post(reverse("two_factor_admin:reset", args=[victim.pk])).status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=victim, confirmed=True).exists()


def _recovery_codes(person, count: int) -> list[str]:
    from portal.two_factor import devices

    return devices.new_recovery_codes(person, count)
