"""Account pre-hijacking and enumeration through registration (issue 21, findings 2 and 5).

Registration creates nothing usable: the e-mailed link is the only way to an
account, and whoever follows it chooses the password. Registering a known or a
new address answers alike and sends one e-mail either way.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.models import User
from showcase.taxonomies import OrganisationType
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

VICTIM = "victim@police.example.org"
ATTACKER_PASSWORD = "attacker-chosen-pass-66"
OWNER_PASSWORD = "owner-chosen-pass-2024"


def registration(**overrides) -> dict:
    data = {
        "name": "Vic Tim",
        "email": VICTIM,
        "organisation_name": "Example National Police",
        "organisation_type": str(OrganisationType.objects.get(slug="national-police").pk),
        "country": "FR",
        "website": "",
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/verify/[^/\s]+/)", message.body).group(1)


def choose_password(client: Client, link: str, password: str = OWNER_PASSWORD):
    return client.post(link, {"password1": password, "password2": password})


def is_logged_in(client: Client) -> bool:
    response = client.get(reverse("submissions:list"))
    return response.status_code == 200


# --- Nothing usable before the link is followed -------------------------------------------------


def test_registering_creates_no_account_and_logs_nobody_in(client):
    # Even a bot that adds password fields gets nothing it could log in with.
    response = client.post(
        reverse("accounts:register"),
        registration(password1=ATTACKER_PASSWORD, password2=ATTACKER_PASSWORD),
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:register_done")
    assert not User.objects.filter(email=VICTIM).exists()
    assert "_auth_user_id" not in client.session
    assert not Client().login(username=VICTIM, password=ATTACKER_PASSWORD)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [VICTIM]


def test_the_link_asks_the_mailbox_holder_for_a_password_then_opens_the_account(client):
    client.post(reverse("accounts:register"), registration())
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Choose your password" in html and VICTIM in html and 'autocomplete="new-password"' in html
    assert not User.objects.filter(email=VICTIM).exists(), "opening the link (a mail scanner does) changes nothing"

    response = choose_password(client, link)
    assert response.status_code == 302 and response["Location"] == reverse("submit:start")
    owner = User.objects.get(email=VICTIM)
    assert owner.email_verified and owner.check_password(OWNER_PASSWORD)
    assert owner.first_name == "Vic Tim" and owner.organisation.name == "Example National Police"
    assert b"Start a new submission" in client.get(reverse("submit:start")).content


def test_a_link_works_once(client):
    client.post(reverse("accounts:register"), registration())
    link = link_in(mail.outbox[0])
    choose_password(client, link)
    again = Client().post(link, {"password1": ATTACKER_PASSWORD, "password2": ATTACKER_PASSWORD})
    assert again.status_code == 400 and b"already been used" in again.content
    assert User.objects.get(email=VICTIM).check_password(OWNER_PASSWORD)


def test_an_unused_registration_expires(client, settings):
    client.post(reverse("accounts:register"), registration())
    link = link_in(mail.outbox[0])
    settings.PORTAL_VERIFICATION_MAX_AGE = -1
    assert client.get(link).status_code == 400
    response = choose_password(client, link)
    assert response.status_code == 400 and b"The link has expired" in response.content
    assert not User.objects.filter(email=VICTIM).exists()


def test_passwords_chosen_at_the_link_are_checked(client):
    client.post(reverse("accounts:register"), registration())
    link = link_in(mail.outbox[0])
    response = client.post(link, {"password1": "short", "password2": "different"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not User.objects.filter(email=VICTIM).exists()


# --- The pre-hijacking sequence ----------------------------------------------------------------------


def test_pre_hijacking_the_attacker_is_locked_out_and_the_owner_is_in():
    attacker = Client()
    attacker.post(
        reverse("accounts:register"),
        registration(password1=ATTACKER_PASSWORD, password2=ATTACKER_PASSWORD),
    )
    attacker.post(reverse("accounts:login"), {"username": VICTIM, "password": ATTACKER_PASSWORD})

    owner = Client()
    choose_password(owner, link_in(mail.outbox[-1]))

    assert is_logged_in(owner)
    assert not is_logged_in(attacker)
    assert not Client().login(username=VICTIM, password=ATTACKER_PASSWORD)
    assert Client().login(username=VICTIM, password=OWNER_PASSWORD)


def test_an_unverified_account_made_before_this_change_goes_to_the_mailbox_holder():
    """The old registration made an unverified account with the attacker's password and session."""
    legacy = factories.submitter(VICTIM, verified=False, password=ATTACKER_PASSWORD)
    attacker = Client()
    assert attacker.login(username=VICTIM, password=ATTACKER_PASSWORD)
    attacker_session = attacker.session.session_key

    owner = Client()
    owner.post(reverse("accounts:register"), registration())
    assert len(mail.outbox) == 1
    response = choose_password(owner, link_in(mail.outbox[0]))
    assert response.status_code == 302

    legacy.refresh_from_db()
    assert legacy.email_verified and legacy.check_password(OWNER_PASSWORD)
    assert not legacy.check_password(ATTACKER_PASSWORD)
    assert is_logged_in(owner)
    assert not is_logged_in(attacker)
    assert not Session.objects.filter(session_key=attacker_session).exists()
    assert User.objects.filter(email=VICTIM).count() == 1


# --- Enumeration ------------------------------------------------------------------------------------


def _answer(email: str) -> tuple:
    mail.outbox.clear()
    visitor = Client()
    visitor.get(reverse("accounts:register"))
    response = visitor.post(reverse("accounts:register"), registration(email=email))
    followed = visitor.get(response["Location"])
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", followed.content.decode())
    return (
        response.status_code,
        response["Location"],
        response.content,
        sorted(response.cookies),
        followed.status_code,
        page,
        sorted(followed.cookies),
        "_auth_user_id" in visitor.session,
        len(mail.outbox),
    )


def test_registration_answers_alike_for_a_known_and_a_new_address():
    factories.submitter("known@police.example.org")
    known = _answer("known@police.example.org")
    new = _answer("new@police.example.org")
    assert known == new
    assert known[-1] == 1, "one e-mail either way"
    assert known[-2] is False, "nobody is logged in"


def test_the_owner_of_a_known_address_is_told_someone_tried():
    factories.submitter("known@police.example.org")
    Client().post(reverse("accounts:register"), registration(email="known@police.example.org"))
    (message,) = mail.outbox
    assert message.to == ["known@police.example.org"]
    assert "/accounts/login/" in message.body and "/accounts/password/reset/" in message.body
    assert "/accounts/verify/" not in message.body


def test_an_unverified_old_account_gets_the_link_not_the_warning():
    factories.submitter("pending@police.example.org", verified=False)
    Client().post(reverse("accounts:register"), registration(email="pending@police.example.org"))
    (message,) = mail.outbox
    assert "/accounts/verify/" in message.body



def test_the_new_account_pages_run_under_the_strict_csp(client):
    from tests.security.test_csp import inline_code

    client.post(reverse("accounts:register"), registration())
    link = link_in(mail.outbox[0])
    pages = {
        "check your e-mail": client.get(reverse("accounts:register_done")),
        "choose your password": client.get(link),
        "choose your password, errors": client.post(link, {"password1": "x", "password2": "y"}),
        "link refused": client.get(reverse("accounts:verify", args=["nonsense"])),
    }
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        assert inline_code(response.content.decode()) == [], name
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name
