"""One spelling per address: NFKC, invisible characters removed, one key for uniqueness, look-ups and limits.

Issue 21, "edges": full-width letters, a zero-width space or a soft hyphen made
separate accounts of one address, and on PostgreSQL ``email__iexact`` matched
the ``ſ``/``ı`` spellings of an address under another rate-limit key.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from portal.models import User, normalise_email
from showcase.taxonomies import OrganisationType
from tests import factories

pytestmark = [pytest.mark.django_db]

ADDRESS = "ada@police.example.org"
PASSWORD = "the-right-passphrase-1"

#: Spellings of ADDRESS a person cannot tell apart from it on screen.
VARIANTS = {
    "upper case": "ADA@Police.Example.ORG",
    "full-width letters": "ａｄａ@police.example.org",
    "full-width at sign and domain": "ada＠ｐｏｌｉｃｅ.example.org",
    "zero-width space": "ad\u200ba@police.example.org",
    "soft hyphen": "ad\u00ada@police.example.org",
    "word joiner and BOM": "\ufeffada\u2060@police.example.org",
    "surrounding spaces": "  ada@police.example.org ",
}


@pytest.mark.embedded
@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_every_variant_normalises_to_the_address(variant):
    assert normalise_email(variant) == ADDRESS


@pytest.mark.embedded
@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_a_variant_of_an_existing_address_is_refused_as_a_duplicate(variant):
    User.objects.create_user(ADDRESS, PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(variant, "another-password-9")
    assert User.objects.count() == 1


@pytest.mark.embedded
@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_registering_a_variant_makes_no_second_account_and_warns_the_owner(client, variant):
    factories.submitter(ADDRESS)
    response = client.post(
        reverse("accounts:register"),
        {
            "name": "Someone Else",
            "email": variant,
            "organisation_name": "Example Police",
            "organisation_type": str(OrganisationType.objects.get(slug="national-police").pk),
            "country": "FR",
            "website": "",
        },
    )
    assert response.status_code == 302
    assert User.objects.count() == 1
    (message,) = mail.outbox
    assert message.to == [ADDRESS] and "/accounts/verify/" not in message.body


@pytest.mark.embedded
def test_the_wagtail_user_admin_refuses_an_invisible_variant(client):
    User.objects.create_superuser("chief@example.org", "admin-password-1")
    User.objects.create_user(ADDRESS, PASSWORD)
    client.login(username="chief@example.org", password="admin-password-1")
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": VARIANTS["soft hyphen"],
            "first_name": "Ada",
            "last_name": "Again",
            "password1": "a-long-enough-pass-42",
            "password2": "a-long-enough-pass-42",
            "is_active": "on",
        },
    )
    # Wagtail's own form checks the address as typed ("Enter a valid email address"); either way: refused.
    assert response.status_code == 200
    assert b"already exists" in response.content or b"valid email address" in response.content
    assert User.objects.count() == 2


@pytest.mark.embedded
@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_a_variant_logs_in_to_the_one_account(variant):
    user = User.objects.create_user(ADDRESS, PASSWORD)
    assert authenticate(username=variant, password=PASSWORD) == user


@pytest.mark.embedded
def test_failed_log_ins_with_variants_count_against_one_account(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login-account": (3, 900)}
    factories.submitter(ADDRESS, password=PASSWORD)
    for n, variant in enumerate(("ADA@police.example.org", VARIANTS["full-width letters"], VARIANTS["zero-width space"])):
        client.post(reverse("accounts:login"), {"username": variant, "password": "wrong"}, REMOTE_ADDR=f"10.1.0.{n}")
    response = client.post(
        reverse("accounts:login"), {"username": VARIANTS["soft hyphen"], "password": PASSWORD}, REMOTE_ADDR="10.1.0.9"
    )
    assert response.status_code == 429


@pytest.mark.embedded
def test_password_resets_for_variants_count_against_one_account(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "reset-account": (2, 3600)}
    factories.submitter(ADDRESS, password=PASSWORD)
    for n, variant in enumerate((ADDRESS, VARIANTS["soft hyphen"])):
        assert client.post(reverse("accounts:password_reset"), {"email": variant}, REMOTE_ADDR=f"10.2.0.{n}").status_code == 302
    response = client.post(reverse("accounts:password_reset"), {"email": VARIANTS["full-width letters"]}, REMOTE_ADDR="10.2.0.9")
    assert response.status_code == 429
    assert len(mail.outbox) == 2


@pytest.mark.embedded
@pytest.mark.parametrize("spelling", ["adı@police.example.org", "ADİ@police.example.org"])
def test_dotted_and_dotless_i_are_refused_with_a_clear_message(client, spelling):
    response = client.post(
        reverse("accounts:register"),
        {
            "name": "Ada",
            "email": spelling,
            "organisation_name": "Example Police",
            "organisation_type": str(OrganisationType.objects.get(slug="national-police").pk),
            "country": "FR",
            "website": "",
        },
    )
    assert response.status_code == 200
    assert "cannot contain" in response.content.decode()
    assert not mail.outbox


# --- PostgreSQL: case-insensitive comparison maps ſ to S and ı to I ----------------------------------


def test_on_postgresql_the_long_s_spelling_is_the_same_account_under_the_same_key(postgres, client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login-account": (2, 900)}
    user = factories.submitter("sis@police.example.org", password=PASSWORD)
    assert authenticate(username="ſiſ@police.example.org", password=PASSWORD) == user  # NFKC: ſ is s
    for n in range(2):
        client.post(reverse("accounts:login"), {"username": "sis@police.example.org", "password": "x"}, REMOTE_ADDR=f"10.3.0.{n}")
    response = client.post(
        reverse("accounts:login"), {"username": "ſiſ@police.example.org", "password": PASSWORD}, REMOTE_ADDR="10.3.0.9"
    )
    assert response.status_code == 429


def test_on_postgresql_the_dotless_i_spelling_reaches_no_account(postgres, client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login-account": (2, 900)}
    factories.submitter("sis@police.example.org", password=PASSWORD)
    # Why: under a Unicode-aware collation (an ICU one here; a production cluster's en_US.UTF-8 alike),
    # PostgreSQL's upper('sıs') is 'SIS', so an iexact look-up finds "sis" under another rate-limit key.
    # (The test cluster runs with the C locale, where upper() only maps ASCII.)
    with connection.cursor() as cursor:
        cursor.execute("""SELECT upper('sıs' COLLATE "und-x-icu") = upper('sis' COLLATE "und-x-icu")""")
        assert cursor.fetchone()[0] is True
    with CaptureQueriesContext(connection) as queries:
        assert authenticate(username="sıs@police.example.org", password=PASSWORD) is None
        client.post(reverse("accounts:password_reset"), {"email": "sıs@police.example.org"}, REMOTE_ADDR="10.4.1.1")
    user_lookups = [q["sql"] for q in queries.captured_queries if 'FROM "portal_user"' in q["sql"]]
    assert user_lookups and not [sql for sql in user_lookups if "UPPER(" in sql.upper()], user_lookups
    assert not mail.outbox
    for n in range(2):
        client.post(reverse("accounts:login"), {"username": "sis@police.example.org", "password": "x"}, REMOTE_ADDR=f"10.4.0.{n}")
    dotless = Client().post(
        reverse("accounts:login"), {"username": "sıs@police.example.org", "password": PASSWORD}, REMOTE_ADDR="10.4.0.9"
    )
    assert "_auth_user_id" not in dotless.wsgi_request.session
