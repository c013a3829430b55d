"""Local development: DEBUG on, an insecure key, e-mails printed to the console."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-local-development-only-not-for-production"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
ALLOW_DEMO_DATA = env_bool("ALLOW_DEMO_DATA", True)
# Demo and benchmark data (manage.py seed_demo, which `make run` calls); never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
# Serve static files straight from the apps, no collectstatic needed locally.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
