"""Accounts: registration (honeypot, organisation), e-mail verification, log-in limits, passwords, no admin for submitters."""

from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from portal import accounts
from portal.models import Organisation, RateLimitCounter, User
from showcase.taxonomies import OrganisationType
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def registration(**overrides):
    data = {
        "name": "Ada Investigator",
        "email": "ada@police.example.org",
        "organisation_name": "Example National Police",
        "organisation_type": str(OrganisationType.objects.get(slug="national-police").pk),
        "country": "FR",
        "website": "",
    }
    data.update(overrides)
    return data


PASSWORD = "a-long-and-unusual-pass-42"


def verification_link(message) -> str:
    return re.search(r"http://testserver(/accounts/verify/[^/\s]+/)", message.body).group(1)


def test_register_mails_a_link_and_the_link_makes_a_verified_account_in_an_organisation(client):
    response = client.post(reverse("accounts:register"), registration())
    assert response.status_code == 302 and response["Location"] == reverse("accounts:register_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@police.example.org"]
    assert "/accounts/verify/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives, "an HTML alternative is sent too"
    assert not User.objects.exists() and not Organisation.objects.exists()

    client.post(verification_link(mail.outbox[0]), {"password1": PASSWORD, "password2": PASSWORD})
    user = User.objects.get(email="ada@police.example.org")
    assert user.first_name == "Ada Investigator" and user.email_verified
    assert user.organisation.name == "Example National Police" and user.organisation.email_domain == "police.example.org"
    assert user.is_confirmed_member, "the first person of a new organisation is its member"


def test_the_link_logs_the_new_account_in_and_opens_the_wizard(client):
    client.post(reverse("accounts:register"), registration())
    response = client.post(verification_link(mail.outbox[0]), {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("submit:start")
    assert b"Start a new submission" in client.get(reverse("submit:start")).content


def test_someone_who_came_to_register_for_the_meeting_is_led_back_there(client):
    """From "Register for the meeting" → "Create an account" → the e-mailed link → the meeting form again."""
    form = client.get(reverse("accounts:register") + "?next=/meeting/register/").content.decode()
    assert 'name="next" value="/meeting/register/"' in form and "/accounts/login/?next=%2Fmeeting%2Fregister%2F" in form
    client.post(reverse("accounts:register"), registration(next="/meeting/register/"))
    response = client.post(verification_link(mail.outbox[0]), {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/meeting/register/"


@pytest.mark.parametrize("hostile", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                                     "\x00/x", "/" + "a" * 3000, "http://testserver.evil.example/"])
def test_a_hostile_next_address_leads_to_the_wizard(client, hostile):
    form = client.get(reverse("accounts:register"), {"next": hostile}).content.decode()
    assert 'name="next"' not in form  # not carried on (the language links repeat the query string, encoded)
    client.post(reverse("accounts:register"), registration(next=hostile))
    response = client.post(verification_link(mail.outbox[0]), {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("submit:start")


def test_an_old_unverified_account_cannot_submit_until_it_follows_a_link(client):
    user = factories.submitter("ada@police.example.org", verified=False, password=PASSWORD)
    client.force_login(user)
    response = client.get(reverse("submit:start"))
    assert b"Confirm your e-mail address first" in response.content
    assert client.post(reverse("submit:start"), {"token": "x"}).status_code == 200  # still refused, nothing created
    assert not user.submissions.exists()
    client.post(reverse("accounts:resend_verification"))
    link = verification_link(mail.outbox[-1])
    client.post(link, {"password1": "another-long-pass-77", "password2": "another-long-pass-77"})
    assert b"Start a new submission" in client.get(reverse("submit:start")).content


def test_an_expired_link_is_refused_with_a_clear_message(client, settings):
    client.post(reverse("accounts:register"), registration())
    settings.PORTAL_VERIFICATION_MAX_AGE = -1
    response = client.get(verification_link(mail.outbox[0]))
    assert response.status_code == 400
    assert b"The link has expired" in response.content
    assert not User.objects.exists()


def test_a_tampered_link_is_refused(client):
    token = accounts.Registration(email="ada@police.example.org", organisation_name="X", organisation_type_id=1).token()
    forged = signing.dumps({"r": {"email": "ada@police.example.org"}}, salt="another-salt")
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        for method in (client.get, client.post):
            response = method(reverse("accounts:verify", args=[bad]))
            assert response.status_code == 400 and b"The link does not work" in response.content
    assert not User.objects.exists()


def test_a_link_stops_working_once_the_account_is_verified(client):
    user = factories.submitter(verified=False)
    token = accounts.Registration.of_account(user).token()
    user.email_verified_at = timezone.now()
    user.save()
    response = client.get(reverse("accounts:verify", args=[token]))
    assert response.status_code == 400 and b"already been used" in response.content


def test_the_honeypot_creates_nothing_and_says_nothing(client):
    response = client.post(reverse("accounts:register"), registration(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:register_done")
    assert not User.objects.exists() and not mail.outbox


def test_registration_errors_are_summarised_and_linked(client):
    response = client.post(reverse("accounts:register"), registration(email="not-an-address", name=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and 'href="#id_email"' in html and 'href="#id_name"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_email-hint id_email-error"' in html
    assert not User.objects.exists()


def test_registering_an_existing_address_reveals_nothing(client):
    factories.submitter("ada@police.example.org")
    response = client.post(reverse("accounts:register"), registration())
    assert response["Location"] == reverse("accounts:register_done")
    assert User.objects.filter(email="ada@police.example.org").count() == 1


def test_registration_is_rate_limited_per_ip_with_a_clear_message(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "register-ip": (2, 3600)}
    for n in range(2):
        client.post(reverse("accounts:register"), registration(email=f"person{n}@police.example.org"))
        client.logout()
    response = client.post(reverse("accounts:register"), registration(email="third@police.example.org"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert b"Too many attempts" in response.content and b"minutes" in response.content
    assert not User.objects.filter(email="third@police.example.org").exists()


def test_registration_is_rate_limited_per_account(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "register-account": (1, 3600)}
    client.post(reverse("accounts:register"), registration())
    client.logout()
    response = client.post(reverse("accounts:register"), registration(), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429


def test_an_organisation_is_joined_only_with_the_same_domain():
    org_type = OrganisationType.objects.get(slug="national-police")
    first = accounts.organisation_for("Example Police", org_type, "FR", "a@police.example.org")
    assert accounts.organisation_for("example police ", org_type, "FR", "b@police.example.org") == first
    assert accounts.organisation_for("Example Police", org_type, "FR", "intruder@elsewhere.example") != first
    # A webmail address never joins anyone.
    webmail = accounts.organisation_for("Example Police", org_type, "FR", "x@gmail.com")
    assert webmail != first and webmail.email_domain == ""
    assert accounts.organisation_for("Example Police", org_type, "FR", "y@gmail.com") != webmail
    assert Organisation.objects.count() == 4


# --- Log-in --------------------------------------------------------------------------------------


def test_login_and_logout_with_our_own_pages(client):
    factories.submitter("grace@police.example.org", password="correct horse battery")
    response = client.get(reverse("submissions:list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(reverse("accounts:login"), {"username": "Grace@Police.example.org", "password": "correct horse battery"})
    assert response.status_code == 302 and response["Location"] == reverse("submissions:list")
    assert client.get(reverse("submissions:list")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("submissions:list")).status_code == 302


def test_wagtail_front_end_login_leads_to_ours(client):
    response = client.get("/_util/login/?next=/cases/x/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/cases/x/"


def test_login_is_locked_per_account_after_failures_even_with_the_right_password(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login-account": (3, 900)}
    factories.submitter("grace@police.example.org", password="correct horse battery")
    for n in range(3):
        response = client.post(
            reverse("accounts:login"), {"username": "grace@police.example.org", "password": "wrong"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
        assert response.status_code == 200 and b"is not right" in response.content
    response = client.post(reverse("accounts:login"), {"username": "grace@police.example.org", "password": "correct horse battery"})
    assert response.status_code == 429 and b"Too many attempts" in response.content
    assert "_auth_user_id" not in client.session
    RateLimitCounter.objects.all().delete()  # the window passes
    response = client.post(reverse("accounts:login"), {"username": "grace@police.example.org", "password": "correct horse battery"})
    assert response.status_code == 302


def test_login_is_limited_per_ip_across_accounts(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login-ip": (2, 900)}
    for n in range(2):
        client.post(reverse("accounts:login"), {"username": f"nobody{n}@example.org", "password": "x"})
    response = client.post(reverse("accounts:login"), {"username": "another@example.org", "password": "x"})
    assert response.status_code == 429


def test_the_wagtail_admin_login_is_limited_too(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login-account": (2, 900)}
    User.objects.create_superuser("chief@example.org", "admin-password-1")
    for _ in range(2):
        client.post("/admin/login/", {"username": "chief@example.org", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "chief@example.org", "password": "admin-password-1"})
    assert response.status_code == 429


def test_a_submitter_gets_no_access_to_the_wagtail_admin(client):
    client.force_login(factories.submitter())
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")
    assert b"Dashboard" not in response.content
    assert client.get("/admin/pages/").status_code in (302, 403)


def test_the_navigation_offers_no_moderation_link_to_a_submitter(client):
    client.force_login(factories.submitter())
    html = client.get(reverse("submissions:list")).content.decode()
    assert "My submissions" in html and "Moderation" not in html and "Log out" in html


# --- Passwords -------------------------------------------------------------------------------------


def test_password_reset_by_email_then_log_in(client):
    factories.submitter("grace@police.example.org", password="old password 123")
    response = client.post(reverse("accounts:password_reset"), {"email": "grace@police.example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].alternatives
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "a-brand-new-secret-77", "new_password2": "a-brand-new-secret-77"})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert client.login(username="grace@police.example.org", password="a-brand-new-secret-77")


def test_password_change(client):
    account = factories.submitter("grace@police.example.org", password="old password 123")
    client.force_login(account)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "old password 123", "new_password1": "a-brand-new-secret-77", "new_password2": "a-brand-new-secret-77"},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    account.refresh_from_db()
    assert account.check_password("a-brand-new-secret-77")
