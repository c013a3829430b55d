"""Settings for the test suite (pytest sets DJANGO_SETTINGS_MODULE to this).

The harness (tools/run_tests.py) exports DATABASE_URL and ELASTICSEARCH_URL for
the services it started; without them the suite runs on SQLite and the tests
that need a service are skipped, loudly (or fail under CI=true).
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import INSTALLED_APPS
from .env import env_str


def _folder_of_this_process(prefix: str) -> Path:
    """A temporary folder, removed when the process that made it exits (each test worker, bench and script
    imports these settings: hundreds were left in /tmp). Never by a forked child: gunicorn's workers share it."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    owner = os.getpid()

    def remove() -> None:
        if os.getpid() == owner:
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
    return folder


DEBUG = False
SECRET_KEY = "django-insecure-test-suite-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = _folder_of_this_process("aishowcase-test-media-")
ALLOW_DEMO_DATA = True
# Demo and benchmark data: the suite tests seed_demo, and bench/ generates its cases with it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
STATIC_ROOT = _folder_of_this_process("aishowcase-test-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test run gets its own index names so parallel or stale runs never collide; each
# pytest-xdist worker (gw0, gw1, …) its own prefix, as pytest-django gives it its own database.
CATALOGUE_INDEX_PREFIX = env_str("CATALOGUE_INDEX_PREFIX", "test-aishowcase")
if os.environ.get("PYTEST_XDIST_WORKER"):
    CATALOGUE_INDEX_PREFIX = f"{CATALOGUE_INDEX_PREFIX}-{os.environ['PYTEST_XDIST_WORKER']}"
# Every test client comes from 127.0.0.1: the API's rate limit is out of reach here, except in the tests
# of the limit itself, which set tiny limits (tests/showcase/api/test_rate_limit.py).
API_RATE_LIMIT_ANONYMOUS = 100_000
API_RATE_LIMIT_SIGNED_IN = 100_000
# No store of rendered public pages across tests: a rolled-back test leaves the catalogue stamp where the next
# test's changes bring it again, with other content. tests/showcase/open/test_page_store.py switches it on.
# The same for the signed-in readers' case-page fragments; tests/showcase/test_reader_fragments.py switches it on.
CACHES = {  # noqa: F405
    **CACHES,  # noqa: F405
    "public_pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "reader_fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
