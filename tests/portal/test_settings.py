"""Production settings are strict; `check --deploy` is clean with a sample environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.embedded

PROJECT_DIR = Path(__file__).resolve().parents[2]
SAMPLE_PRODUCTION_ENV = {
    "SECRET_KEY": "k3Yq8v2Lr9Xw4Tz7Nb1Mc6Hd5Jf0Gs3Pa8Qe2Ru7Vy4Wx1Zi9Ok6Lm3Nn5Bo0Cp",
    "ALLOWED_HOSTS": "showcase.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://showcase.example.org",
    "DATABASE_URL": "sqlite:////tmp/aishowcase-check-deploy.sqlite3",
    "FIELD_ENCRYPTION_KEYS": "1Xb9m2Yl0iN5ZrY6wJm3j0cQ4mR7pV1tS8uK2dE5fHg=",
}

# Test-run variables that a real deployment never has (the browser tests set
# DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which `check --deploy` rightly flags).
UNSET_FOR_PRODUCTION = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "ALLOW_DEMO_DATA"}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in UNSET_FOR_PRODUCTION}
    return subprocess.run(
        [sys.executable, "manage.py", *args, "--settings=portal.settings.production"],
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=SAMPLE_PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "override, message",
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"DEBUG": "flase"}, "DEBUG must be one of"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list"),
        ({"ALLOW_DEMO_DATA": "1"}, "ALLOW_DEMO_DATA must be off"),
        ({"FIELD_ENCRYPTION_KEYS": ""}, "FIELD_ENCRYPTION_KEYS must be set"),
    ],
)
def test_production_refuses_unsafe_configuration(override, message):
    result = manage("check", env={**SAMPLE_PRODUCTION_ENV, **override})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_cookies_and_transport_are_secure():
    script = (
        "import json, portal.settings.production as p;"
        "print(json.dumps({k: getattr(p, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
        "'SESSION_COOKIE_HTTPONLY', 'SECURE_HSTS_SECONDS', 'ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'SECURE_SSL_REDIRECT',"
        "'STORAGES', 'MIDDLEWARE', 'PUBLIC_CACHE_SECONDS')}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in UNSET_FOR_PRODUCTION}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env={**clean, **SAMPLE_PRODUCTION_ENV},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["ALLOWED_HOSTS"] == ["showcase.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://showcase.example.org"]
    # Static files fingerprinted (far-future, immutable caching) and compressed, served by WhiteNoise.
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in values["MIDDLEWARE"]
    assert values["PUBLIC_CACHE_SECONDS"] == 0  # anonymous pages: stored, revalidated every time


def test_makemigrations_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=PROJECT_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
