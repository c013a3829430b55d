"""Fixtures of the portal tests."""

from __future__ import annotations

import importlib

import pytest


def restore_migrated_rows() -> None:
    """Put back the rows the data migrations made (taxonomies, the root collection, the page tree, the default site).

    A transactional test (threads, a live server) ends with Django flushing every
    table, including those rows; the next transactional test needs them again.
    """
    from django.apps import apps
    from wagtail.models import Collection, Locale, Page, Site

    from showcase.models import CataloguePage, HomePage, ThesaurusEntry
    from showcase.taxonomies import OrganisationType

    if Collection.get_first_root_node() is None:  # images are stored in a collection
        Collection.add_root(name="Root")
    if not OrganisationType.objects.exists():
        importlib.import_module("showcase.migrations.0004_seed_rubric_taxonomies").seed(apps, None)
        # Their French, Spanish and Arabic names (fills empty ones only).
        importlib.import_module("showcase.migrations.0013_seed_taxonomy_translations").seed(apps, None)
    if not ThesaurusEntry.objects.exists():
        importlib.import_module("showcase.migrations.0009_seed_search_thesaurus").seed(apps, None)
    if not HomePage.objects.exists():
        Locale.objects.get_or_create(language_code="en")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        home = root.add_child(instance=HomePage(title="AI use cases in law enforcement", slug="home"))
        home.add_child(instance=CataloguePage(title="Use cases", slug="cases"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
        )


@pytest.fixture
def migrated_rows(transactional_db: None) -> None:
    restore_migrated_rows()
