"""The index follows the database: publish, unpublish, delete, move, view restrictions, renames; bulk pauses.

Signals enqueue the django-tasks task after commit (the immediate backend runs it
then); ``django_capture_on_commit_callbacks(execute=True)`` plays the commit.
Real node, private index, refreshed before each assertion.
"""

from __future__ import annotations

import pytest
from wagtail.models import Page, PageViewRestriction

from showcase.models import CataloguePage
from showcase.search import catalogue_search
from showcase.search.sync import indexing_paused
from showcase.search.jobs import sync_catalogue_index
from showcase.taxonomies import DeploymentStage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


@pytest.fixture
def index(catalogue_index):
    factories.use_case(title="Already there")
    catalogue_index.build()
    return catalogue_index


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_publish_and_unpublish(index, committed):
    with committed():
        page = factories.use_case(title="Freshly published", via_revision=True)
    index.refresh()
    assert index.doc(page.pk)["title"] == "Freshly published"
    assert page.pk in [hit.page_id for hit in catalogue_search("freshly").hits]

    page.title = "Edited and republished"
    with committed():
        page.save_revision().publish()
    index.refresh()
    assert index.doc(page.pk)["title"] == "Edited and republished"

    with committed():
        page.unpublish()
    index.refresh()
    assert index.doc(page.pk) is None
    assert catalogue_search("republished").total == 0


def test_a_draft_is_never_indexed(index, committed):
    with committed():
        page = factories.use_case(title="Only a draft", publish=False)
        page.save_revision()
    index.refresh()
    assert index.doc(page.pk) is None


def test_delete(index, committed):
    with committed():
        page = factories.use_case(via_revision=True)
    index.refresh()
    assert index.doc(page.pk) is not None
    with committed():
        Page.objects.get(pk=page.pk).delete()
    index.refresh()
    assert index.doc(page.pk) is None


def test_move_updates_the_url(index, committed):
    with committed():
        page = factories.use_case(slug="moving-case", via_revision=True)
        other = Page.get_first_root_node().add_child(instance=CataloguePage(title="Archive", slug="archive"))
    index.refresh()
    before = index.doc(page.pk)["url_path"]
    with committed():
        Page.objects.get(pk=page.pk).move(other, pos="last-child")
    index.refresh()
    after = index.doc(page.pk)["url_path"]
    assert before != after and after.endswith("/archive/moving-case/")


def test_view_restriction_changes_follow(index, committed):
    with committed():
        page = factories.use_case(title="Soon secret", via_revision=True)
    index.refresh()
    assert catalogue_search("soon secret").total == 1

    with committed():
        page.visibility = "attendees"
        page.save()  # apply_visibility adds the Attendees restriction
    index.refresh()
    assert index.doc(page.pk)["restricted"] is True
    assert catalogue_search("soon secret").total == 0
    assert catalogue_search("soon secret", user=factories.attendee()).total == 1

    with committed():
        PageViewRestriction.objects.filter(page=page).delete()
    index.refresh()
    # The page still says "attendees": the second guard keeps it hidden from the public.
    assert catalogue_search("soon secret").total == 0
    with committed():
        page.visibility = "public"
        page.save()
    index.refresh()
    assert catalogue_search("soon secret").total == 1

    with committed():
        PageViewRestriction.objects.create(page=factories.catalogue(), restriction_type=PageViewRestriction.LOGIN)
    index.refresh()
    assert catalogue_search("soon secret").total == 0
    assert catalogue_search("soon secret", user=factories.user()).total == 1


def test_renaming_a_taxonomy_value_updates_the_cards(index, committed):
    stage = factories.taxonomy(DeploymentStage, "pilot")
    with committed():
        page = factories.use_case(deployment_stage=stage, via_revision=True)
    with committed():
        stage.name = "Field trial"
        stage.save()
    index.refresh()
    assert index.doc(page.pk)["deployment_stage_name"] == "Field trial"


def test_bulk_imports_pause_indexing(index, committed):
    with committed(), indexing_paused():
        page = factories.use_case(title="Imported quietly", via_revision=True)
    index.refresh()
    assert index.doc(page.pk) is None


def test_the_task_decides_from_the_database_so_late_tasks_converge(index, committed):
    with committed():
        page = factories.use_case(via_revision=True)
    with committed(), indexing_paused():
        page.unpublish()
    # A stale "publish" task arriving now still removes the unpublished case.
    result = sync_catalogue_index.enqueue([page.pk, 999_999])
    assert result.return_value == {"indexed": [], "deleted": [page.pk, 999_999]}
    index.refresh()
    assert index.doc(page.pk) is None
