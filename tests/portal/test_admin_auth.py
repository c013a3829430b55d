"""The admin's own doors (issue 21, findings 6, 7 and the ``/django-admin/`` edge).

The Wagtail admin's password reset sent unlimited e-mails; a top-level GET to
``/admin/logout/`` logged staff out in the browser while the old session id
kept working on the server; reviewers and editors reached ``/django-admin/``.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

SESSION = django_settings.SESSION_COOKIE_NAME


def staff(email: str = "reviewer@review.example.org", group: str = "Reviewers"):
    from django.contrib.auth.models import Permission

    person = factories.user(email, is_staff=True, password="staff-password-1")
    team = Group.objects.get_or_create(name=group)[0]
    team.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    person.groups.add(team)
    return person


def logged_in(user) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    return client, client.session.session_key


def replay(session_key: str) -> Client:
    """A new browser holding only the old session cookie."""
    client = Client()
    client.cookies[SESSION] = session_key
    return client


# --- Password reset -------------------------------------------------------------------------------


def test_the_admin_password_reset_sends_nothing_and_leads_to_the_limited_one(client):
    staff("staff@review.example.org")
    factories.submitter("submitter@police.example.org")
    for address in ("staff@review.example.org", "submitter@police.example.org"):
        response = client.post("/admin/password_reset/", {"email": address})
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset")
    assert not mail.outbox
    assert client.get("/admin/password_reset/")["Location"] == reverse("accounts:password_reset")


def test_our_reset_is_limited_per_account_across_addresses(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "reset-account": (2, 3600)}
    staff("staff@review.example.org")
    for n in range(2):
        client.post(reverse("accounts:password_reset"), {"email": "staff@review.example.org"}, REMOTE_ADDR=f"10.5.0.{n}")
    response = client.post(reverse("accounts:password_reset"), {"email": "staff@review.example.org"}, REMOTE_ADDR="10.5.0.9")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 2


# --- Log-out ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/logout/", "/accounts/logout/", "/django-admin/logout/"])
def test_a_get_to_a_logout_address_changes_nothing(url):
    person = factories.user("chief@example.org", is_staff=True, is_superuser=True)
    client, key = logged_in(person)
    response = client.get(url)
    assert response.status_code == 405
    assert SESSION not in response.cookies, "the session cookie must not be deleted or replaced"
    assert Session.objects.filter(session_key=key).exists()
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("url", ["/admin/logout/", "/accounts/logout/"])
def test_a_person_who_opens_a_logout_address_gets_the_button_not_an_error(url):
    from tests.security.test_csp import inline_code

    client, _ = logged_in(factories.user("chief@example.org", is_staff=True, is_superuser=True))
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST, OPTIONS"
    assert f'<form method="post" action="{url}">' in html and "chief@example.org" in html
    assert inline_code(html) == []


@pytest.mark.parametrize("url", ["/admin/logout/", "/accounts/logout/", "/django-admin/logout/"])
def test_logging_out_by_post_ends_the_session_on_the_server(url):
    person = factories.user("chief@example.org", is_staff=True, is_superuser=True)
    client, key = logged_in(person)
    response = client.post(url)
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    old = replay(key).get("/admin/")
    assert old.status_code == 302 and old["Location"].startswith("/admin/login/")


def test_a_cross_site_post_to_the_admin_logout_is_refused():
    person = staff()
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    key = client.session.session_key
    assert client.post("/admin/logout/").status_code == 403
    assert Session.objects.filter(session_key=key).exists()


# --- /django-admin/ ---------------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["Reviewers", "Editors"])
@pytest.mark.parametrize(
    "url", ["/django-admin/", "/django-admin/portal/", "/django-admin/portal/user/", "/django-admin/wagtailimages/image/"]
)
def test_staff_who_are_not_superusers_are_refused_the_django_admin(group, url):
    client, _ = logged_in(staff(f"{group.lower()}@review.example.org", group))
    response = client.get(url)
    assert response.status_code == 403
    assert b"Site administration" not in response.content


def test_a_submitter_is_refused_the_django_admin():
    client, _ = logged_in(factories.submitter())
    assert client.get("/django-admin/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_limited_admin_log_in(client):
    response = client.get("/django-admin/")
    assert response.status_code == 302 and response["Location"].startswith("/django-admin/login/")


def test_a_superuser_reaches_the_django_admin():
    client, _ = logged_in(factories.user("root@example.org", is_staff=True, is_superuser=True))
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/django-admin/portal/user/").status_code == 200
