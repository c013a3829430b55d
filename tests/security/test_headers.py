"""Security headers, cookies and sessions, as a browser receives them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

PROJECT_DIR = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize("url", ["/", "/cases/", "/accounts/login/", "/no-such-page/"])
def test_public_pages_carry_the_strict_policy_and_headers(client, url):
    response = client.get(url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other origin
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_the_admin_has_its_own_documented_policy(client):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    # Wagtail still needs inline script and style; nothing else is loosened.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the live preview frames our own pages
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_login_page_is_under_the_admin_policy_but_not_frameable_elsewhere(client):
    response = client.get("/admin/login/")
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


def test_session_cookie_is_httponly_lax_and_ends_with_the_browser(client):
    factories.submitter("cookie@police.example.org", password="a-strong-passphrase-1")
    credentials = {"username": "cookie@police.example.org", "password": "a-strong-passphrase-1"}
    response = client.post(reverse("accounts:login"), credentials)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_a_session_expires_server_side_after_its_age(client, settings):
    settings.SESSION_COOKIE_AGE = 1
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = False
    client.force_login(factories.submitter())
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.update(expire_date=timezone.now())
    response = client.get(reverse("submissions:list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_hsts_on_https_in_production_settings(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_cookies_sessions_and_csrf_settings():
    script = (
        "import json, portal.settings.production as p;"
        "print(json.dumps({k: getattr(p, k) for k in ('SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE',"
        "'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_SECURE', 'SECURE_HSTS_PRELOAD',"
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'LANGUAGE_COOKIE_SECURE')}))"
    )
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "ALLOW_DEMO_DATA",
             "SESSION_COOKIE_AGE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update({"SECRET_KEY": "k3Yq8v2Lr9Xw4Tz7Nb1Mc6Hd5Jf0Gs3Pa8Qe2Ru7Vy4Wx1Zi9Ok6Lm3Nn5Bo0Cp",
                "ALLOWED_HOSTS": "showcase.example.org",
                # Production refuses to start without the key of the encrypted answers (a valid Fernet key).
                "FIELD_ENCRYPTION_KEYS": "c2hvd2Nhc2UtdGVzdC1rZXktMzItYnl0ZXMtbG9uZyE="})
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SESSION_COOKIE_AGE"] <= 14 * 24 * 60 * 60
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_SECURE"]
    assert values["LANGUAGE_COOKIE_SECURE"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] and values["X_FRAME_OPTIONS"] == "DENY"


def test_csrf_is_enforced_on_the_login_form():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "x@example.org", "password": "whatever-password"})
    assert response.status_code == 403


def test_login_throttling_answers_429_with_retry_after_and_headers(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login-account": (2, 900)}
    factories.submitter("victim@police.example.org", password="the-right-passphrase")
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "victim@police.example.org", "password": "wrong"})
    right = {"username": "victim@police.example.org", "password": "the-right-passphrase"}
    response = client.post(reverse("accounts:login"), right)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "_auth_user_id" not in client.session


def test_the_django_admin_login_leads_to_the_rate_limited_admin_login(client):
    """Django's own admin log-in form has no attempt limit: portal/urls.py sends it to ours."""
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/") and "next=/django-admin/" in response["Location"]


def test_password_validators_refuse_weak_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short", "password123", "1234567890123"):
        with pytest.raises(ValidationError):
            validate_password(weak)
