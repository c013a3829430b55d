"""Shared fixtures: the services a test needs, and how their absence is reported.

`make test` (tools/run_tests.py) starts PostgreSQL and Elasticsearch and
exports their URLs. A test that needs one asks for the `postgres` or
`elasticsearch_url` fixture (or carries the marker): under CI=true a missing
service fails the test; elsewhere it skips with the reason.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection

CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_service(reason: str) -> None:
    if CI:
        pytest.fail(f"required in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}",
        f"elasticsearch: {settings.ELASTICSEARCH_URL or 'not configured (database search)'}",
        f"CI: {CI}",
    ]


def _on_postgres() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and not _on_postgres():
        missing_service("PostgreSQL not in use (DATABASE_URL unset); run `make test` to start one")
    if item.get_closest_marker("elasticsearch") and not settings.ELASTICSEARCH_URL:
        missing_service("ELASTICSEARCH_URL is not set; run `make test` to start a node")


@pytest.hookimpl(tryfirst=True)  # before pytest-django's sort (stable: it keeps this order within its kinds)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from tests.scheduling import order_for_workers

    order_for_workers(config, items)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """pytest-django's hook before it creates the test database: under `make test`, copy the migrated template."""
    template = os.environ.get("TEST_DATABASE_TEMPLATE", "")
    if template:
        from tests.db_template import copy_instead_of_migrating

        copy_instead_of_migrating(template)


@pytest.fixture
def postgres(db: None) -> None:
    if not _on_postgres():
        missing_service("PostgreSQL not in use (DATABASE_URL unset); run `make test` to start one")


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    if not settings.ELASTICSEARCH_URL:
        missing_service("ELASTICSEARCH_URL is not set; run `make test` to start a node")
    return settings.ELASTICSEARCH_URL


@pytest.fixture
def es_client(elasticsearch_url: str):
    from elasticsearch import Elasticsearch

    client = Elasticsearch(elasticsearch_url, request_timeout=30)
    yield client
    client.close()


@pytest.fixture
def unique_index_name() -> Iterator[str]:
    """A fresh index name under the test prefix; the index is deleted afterwards."""
    name = f"{settings.CATALOGUE_INDEX_PREFIX}-t-{uuid.uuid4().hex[:12]}"
    yield name
    if settings.ELASTICSEARCH_URL:
        from elasticsearch import Elasticsearch

        Elasticsearch(settings.ELASTICSEARCH_URL).options(ignore_status=404).indices.delete(index=name)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """For data built once per module: a transaction around the whole module, rolled back after its last test.

    Each test still runs in its own savepoint (pytest-django's ``db``), so what one test changes is gone for
    the next. Let a module's data fixtures (scope="module") depend on it. (``make test`` hands whole files
    to each pytest-xdist worker, so such data is built once per run.)
    """
    from django.db import transaction

    from moderation.setup import setup_moderation

    with django_db_blocker.unblock(), transaction.atomic():
        setup_moderation()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_search_caches() -> None:
    """The search's process-wide caches (taxonomy names, thesaurus, vocabulary) start empty in every test.

    A test that edits a taxonomy name has the edit rolled back at its end, but a cache built from it
    would live on for its time to live in this worker and mislead the next test.
    """
    from wagtail.models import Site

    from showcase.search.expansion import THESAURUS, VOCABULARY
    from showcase.search.taxonomy_names import invalidate_labels

    invalidate_labels()
    THESAURUS.clear()
    VOCABULARY.clear()
    # Wagtail keeps the sites' root paths in Django's cache; a site a test created is rolled back without the
    # signal that clears them, and every page's ``url`` would then be absolute in the next test.
    Site.clear_site_root_paths_cache()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request to /fr/… leaves French active in this thread; the next test starts in English.
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _staff_logins_give_a_second_factor() -> None:
    # Staff need a TOTP code (portal/two_factor/); test logins stand for a full sign-in (tests/two_factor.py).
    from tests import two_factor

    two_factor.install()


@pytest.fixture(scope="session", autouse=True)
def _announce_services() -> None:
    # The first line of the run says which real services the assertions hit.
    print(
        f"\n[tests] database={connection.vendor} elasticsearch={settings.ELASTICSEARCH_URL or '-'}",
        file=sys.stderr,
    )


@pytest.fixture
def reader_fragments_on(settings):
    """The readers' fragment cache on (the test settings switch it off), empty."""
    from tests.cache_aliases import switched_on

    yield from switched_on(settings, "reader_fragments")


@pytest.fixture
def public_pages_on(settings):
    """The store of public pages on (the test settings switch it off), empty."""
    from tests.cache_aliases import switched_on

    yield from switched_on(settings, "public_pages")
