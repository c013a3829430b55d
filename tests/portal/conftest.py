"""Fixtures of the portal tests."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest

#: The nine taxonomies the data migrations 0004 (values) and 0013 (their translations) fill.
SEEDED_TAXONOMIES = ("UseCategory", "AITechnique", "CrimeArea", "DeploymentStage", "OrganisationType", "Region",
                     "RiskTier", "DecisionRole", "AffectedPersonGroup")
#: model label → its rows as a data migration's seed function made them the first time this process put them back.
_seeded_rows: dict[str, list[dict[str, Any]]] = {}


def restore_migrated_rows() -> None:
    """Put back the rows the data migrations made (taxonomies, the root collection, the page tree, the default site).

    A transactional test (threads, a live server) ends with Django flushing every
    table, including those rows; the next transactional test needs them again.
    """
    from django.apps import apps
    from wagtail.models import Collection, Locale, Page, Site

    from showcase.models import CataloguePage, HomePage, ThesaurusEntry
    from showcase.models.catalogue_stamp import bump_stamp
    from showcase.taxonomies import OrganisationType

    if Collection.get_first_root_node() is None:  # images are stored in a collection
        Collection.add_root(name="Root")
    if not OrganisationType.objects.exists():
        restore_seeded([apps.get_model("showcase", name) for name in SEEDED_TAXONOMIES], _seed_taxonomies)
        bump_stamp()  # the catalogue changed (each save of the seed functions bumps it too)
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


def restore_seeded(models: list[Any], seed: Callable[[], None]) -> None:
    """Put back the rows of ``models`` that data migrations made, after a flush emptied them.

    The first time in a process by the migrations' own seed functions (``seed``: a save each, with its
    signals, as many as ~150 for the taxonomies: seconds); after that the same rows (same keys) in one bulk
    insert per table, without the signals, as the migrations made them (historical models send none).
    Every transactional test flushes them, and the next puts them back.
    """
    if all(model._meta.label in _seeded_rows for model in models):
        for model in models:
            model.objects.bulk_create([model(**row) for row in _seeded_rows[model._meta.label]])
        return
    seed()
    _seeded_rows.update({model._meta.label: list(model.objects.values()) for model in models})


def _seed_taxonomies() -> None:
    from django.apps import apps

    importlib.import_module("showcase.migrations.0004_seed_rubric_taxonomies").seed(apps, None)
    # Their French, Spanish and Arabic names (fills empty ones only).
    importlib.import_module("showcase.migrations.0013_seed_taxonomy_translations").seed(apps, None)


@pytest.fixture
def migrated_rows(transactional_db: None) -> None:
    restore_migrated_rows()
