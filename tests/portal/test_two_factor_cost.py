"""The second-factor check without device queries (issue 20): ``User.has_second_factor`` follows the devices.

An attendee or submitter without a device costs no query on the device tables; a person who turns the
second factor on is asked for a code in every session, including one opened before; staff are asked
for theirs even if the flag were wrong.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import User
from portal.two_factor import devices
from tests import factories
from tests.two_factor import confirmed_device

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

VERIFY = "/accounts/two-factor/code/"


def flag(person) -> bool:
    return User.objects.values_list("has_second_factor", flat=True).get(pk=person.pk)


def device_queries(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code in (200, 302), (path, response.status_code)
    return [query["sql"] for query in queries if "otp_" in query["sql"]]


def test_an_attendee_without_a_device_costs_no_device_query():
    factories.use_case(title="Any case")
    client = Client()
    client.force_login(factories.attendee())
    for path in ("/", "/cases/", reverse("submissions:list")):
        assert device_queries(client, path) == [], path


def test_the_flag_follows_set_up_recovery_codes_and_turning_off():
    person = factories.submitter("flag@police.example.org")
    assert not flag(person)
    device = devices.pending_device(person)
    assert not flag(person)  # unconfirmed: not a second factor yet
    devices.confirm(device)
    assert flag(person)
    TOTPDevice.objects.filter(user=person).delete()
    assert flag(person)  # the recovery codes still sign in
    devices.remove_all(person)
    assert not flag(person)


def test_a_session_opened_before_the_second_factor_was_turned_on_must_give_a_code():
    person = factories.submitter("earlier@police.example.org")
    earlier = Client()
    earlier.unverified = True
    earlier.force_login(person)
    assert earlier.get(reverse("submissions:list")).status_code == 200
    devices.confirm(devices.pending_device(person))  # turned on in another session
    assert earlier.get(reverse("submissions:list"))["Location"].startswith(VERIFY)
    assert earlier.get("/cases/")["Location"].startswith(VERIFY)


def test_staff_must_give_their_second_factor_even_if_the_flag_were_wrong():
    person = factories.user("staff-flag@example.org", is_staff=True, is_superuser=True)
    confirmed_device(person)
    User.objects.filter(pk=person.pk).update(has_second_factor=False)  # a flag that missed a change
    client = Client()
    client.unverified = True
    client.force_login(person)
    for path in ("/", "/cases/", "/admin/"):
        assert client.get(path)["Location"].startswith(VERIFY), path
    verified = Client()
    verified.force_login(person)  # with the code (tests/two_factor.py)
    assert verified.get("/admin/").status_code == 200


def test_the_migration_sets_the_flag_from_the_devices_people_have():
    migration = __import__("portal.migrations.0015_user_has_second_factor", fromlist=["from_devices"])
    person, other = factories.submitter("had@police.example.org"), factories.submitter("none@police.example.org")
    confirmed_device(person)
    User.objects.update(has_second_factor=False)
    migration.from_devices(apps, None)
    assert flag(person) and not flag(other)
