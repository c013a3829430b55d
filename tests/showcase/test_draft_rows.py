"""A never-published draft's page row follows its answers, written column by column (showcase/draft_rows.py, issue 20).

What a save must still do although it no longer saves the whole row: regions follow the countries,
the attendees-only restriction follows the visibility, Wagtail's reference index (the admin's usage
counts of images and snippets) follows the chosen values, images and tags; and what it may skip:
the rest of the row, the regions and the reference index when nothing they depend on changed.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry, ReferenceIndex, Revision

from showcase import drafts
from showcase.models import UseCaseImage, UseCasePage
from showcase.visibility import ATTENDEES, PUBLIC
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def references(page: UseCasePage) -> set[tuple[str, str]]:
    return set(ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list("model_path", "to_object_id"))


def touched(queries, table: str) -> list[str]:
    return [query["sql"] for query in queries if f'"{table}"' in query["sql"]]


def test_regions_and_the_restriction_follow_countries_and_visibility_and_nothing_else_recomputes_them():
    item = factories.draft_submission()
    owner, page = item.submitter, item.page
    drafts.save_draft(page, owner, {"countries": ["BR"], "visibility": ATTENDEES})
    row = UseCasePage.objects.get(pk=page.pk)
    assert [region.name for region in row.regions.all()] and row.get_view_restrictions().exists()
    regions = set(row.regions.values_list("pk", flat=True))

    with CaptureQueriesContext(connection) as queries:
        drafts.save_draft(page, owner, {"summary": "Only the summary changes."})
    # No recomputation (the regions of the countries), no write to the page's regions, no restriction check.
    assert not [sql for sql in touched(queries, "showcase_region") if '"m49_code" IN' in sql]
    assert not touched(queries, UseCasePage.regions.through._meta.db_table)
    assert not touched(queries, "wagtailcore_pageviewrestriction")
    assert not touched(queries, "wagtailcore_referenceindex")
    updates = [sql for sql in queries.captured_queries if sql["sql"].startswith("UPDATE")]
    assert any('"summary"' in update["sql"] and '"problem"' not in update["sql"] for update in updates)
    assert set(UseCasePage.objects.get(pk=page.pk).regions.values_list("pk", flat=True)) == regions

    drafts.save_draft(page, owner, {"countries": ["JP"], "visibility": PUBLIC})
    row = UseCasePage.objects.get(pk=page.pk)
    assert set(row.regions.values_list("pk", flat=True)) != regions and row.regions.exists()
    assert not row.get_view_restrictions().exists()
    assert drafts.draft_of(page).summary == "Only the summary changes." == row.summary


def test_the_reference_index_follows_chosen_values_tags_and_images():
    item = factories.draft_submission()
    owner, page = item.submitter, item.page
    stage = factories.taxonomy(UseCasePage._meta.get_field("deployment_stage").related_model)
    drafts.save_draft(page, owner, {"deployment_stage": stage, "tags": ["drones"]})
    found = references(page)
    assert ("deployment_stage", str(stage.pk)) in found
    assert any(path == "tagged_items.item.tag" for path, _ in found)

    image = factories.image()
    drafts.add_image(page, owner, image=image, alt_text="A drone")
    assert ("images.item.image", str(image.pk)) in references(page)
    assert UseCaseImage.objects.filter(page_id=page.pk, image=image).exists()

    drafts.save_draft(page, owner, {"deployment_stage": None, "tags": []})
    drafts.remove_image(page, owner, image.pk)
    assert not {path for path, _ in references(page)} & {"deployment_stage", "tagged_items.item.tag", "images.item.image"}
    assert not UseCaseImage.objects.filter(page_id=page.pk).exists()


def test_a_save_that_changes_nothing_on_the_row_still_makes_one_revision_and_one_history_entry():
    item = factories.draft_submission()
    owner, page = item.submitter, item.page
    drafts.save_draft(page, owner, {"title": "Same answers", "summary": "Twice."})
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    entries = PageLogEntry.objects.filter(page_id=page.pk).count()
    with CaptureQueriesContext(connection) as queries:
        drafts.save_draft(page, owner, {"title": "Same answers", "summary": "Twice."})
    assert not [query for query in queries.captured_queries if query["sql"].startswith('UPDATE "showcase_usecasepage"')]
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions + 1
    assert PageLogEntry.objects.filter(page_id=page.pk).count() == entries + 1
    assert PageLogEntry.objects.filter(page_id=page.pk).latest("pk").action == "wagtail.edit"
    row = UseCasePage.objects.get(pk=page.pk)
    assert (row.title, row.draft_title, row.summary) == ("Same answers", "Same answers", "Twice.")
    assert row.slug.startswith("same-answers") and row.latest_revision_id == Revision.page_revisions.filter(
        object_id=str(page.pk)
    ).order_by("-pk").values_list("pk", flat=True).first()


def test_the_search_index_follows_a_submitted_draft_and_no_task_runs_for_a_private_one():
    """Wagtail's index (the admin's page search) keeps out never-submitted drafts without a task per save
    (showcase/draft_indexing.py), and still follows every save once the case is submitted."""
    from django_tasks.signals import task_enqueued

    from portal.submission import submit

    def indexed(words: str) -> list[str]:
        return [page.title for page in UseCasePage.objects.search(words, operator="and")]

    enqueued: list[str] = []

    def record(sender, task_result, **kwargs) -> None:
        enqueued.append(task_result.task.module_path)

    item = factories.complete_submission()
    task_enqueued.connect(record)
    try:
        drafts.save_draft(item.page, item.submitter, {"title": "Private walrus detector"})
        assert not [path for path in enqueued if path.startswith("modelsearch.")]
        assert indexed("walrus detector") == []
        submit(item, item.submitter)
        assert indexed("walrus detector") == ["Private walrus detector"]
        drafts.save_draft(item.page, item.submitter, {"title": "Reviewed narwhal detector"})
        assert [path for path in enqueued if path.startswith("modelsearch.")]
        assert indexed("narwhal detector") == ["Reviewed narwhal detector"]
    finally:
        task_enqueued.disconnect(record)
