"""Production: strict. Refuses to start with DEBUG on or without a real SECRET_KEY.

Run `manage.py check --deploy --settings=portal.settings.production` with the
production environment; it must report nothing.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DEBUG, SECRET_KEY
from .env import env_bool, env_int, env_str

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=false).")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not env_str("FIELD_ENCRYPTION_KEYS").strip():
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS must be set in production: confidential answers are encrypted with it "
        "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'). "
        "Keep it apart from database backups."
    )
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS is terminated by the proxy in front of gunicorn; it tells us the scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)  # also the default in base.py
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

TASKS = {
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")},
}

if ALLOW_DEMO_DATA:  # noqa: F405
    raise ImproperlyConfigured("ALLOW_DEMO_DATA must be off in production: demo passwords are public.")
