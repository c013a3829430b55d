"""portal.User: the e-mail address is the login, unique whatever its case."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

User = get_user_model()


def test_the_custom_user_model_is_in_use():
    assert User._meta.label == "portal.User"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(User, "username") or User.username is None


def test_email_is_stored_normalised():
    user = User.objects.create_user("  Ada.Lovelace@Example.ORG ", "correct horse battery")
    user.refresh_from_db()
    assert user.email == "ada.lovelace@example.org"


def test_login_ignores_the_case_of_the_address():
    User.objects.create_user("grace@example.org", "correct horse battery")
    assert authenticate(username="GRACE@Example.org", password="correct horse battery") is not None
    assert authenticate(username="grace@example.org", password="wrong password") is None


def test_the_database_refuses_an_address_differing_only_in_case():
    User.objects.create_user("alan@example.org", "x-password-1")
    # bulk_create bypasses save() and its normalisation: only the constraint stands in the way.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="ALAN@example.org", password="!")])
    assert User.objects.filter(email__iexact="alan@example.org").count() == 1


def test_createsuperuser_without_username():
    admin = User.objects.create_superuser("Root@Example.org", "admin-password-1")
    assert admin.is_staff and admin.is_superuser
    assert admin.email == "root@example.org"
    with pytest.raises(ValueError):
        User.objects.create_user("", "no address")


def test_wagtail_admin_works_with_the_custom_user(client):
    User.objects.create_superuser("editor@example.org", "admin-password-1")
    assert client.login(username="Editor@example.org", password="admin-password-1")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"Dashboard" in response.content or b"dashboard" in response.content


def test_wagtail_user_admin_refuses_a_duplicate_in_another_case(client):
    User.objects.create_superuser("chief@example.org", "admin-password-1")
    User.objects.create_user("someone@example.org", "x-password-1")
    client.login(username="chief@example.org", password="admin-password-1")
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "SOMEONE@example.org",
            "first_name": "Some",
            "last_name": "One",
            "password1": "a-long-enough-pass-42",
            "password2": "a-long-enough-pass-42",
            "is_active": "on",
        },
    )
    assert response.status_code == 200, "a duplicate must be refused with a form error, not a crash"
    assert User.objects.filter(email__iexact="someone@example.org").count() == 1
    assert b"already exists" in response.content


def test_wagtail_user_admin_creates_a_user_by_email(client):
    User.objects.create_superuser("chief@example.org", "admin-password-1")
    client.login(username="chief@example.org", password="admin-password-1")
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "New.Reviewer@Example.org",
            "first_name": "New",
            "last_name": "Reviewer",
            "password1": "a-long-enough-pass-42",
            "password2": "a-long-enough-pass-42",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new.reviewer@example.org").exists()
