"""A wizard save reads the draft's revision once (issue 20), with the same revisions and history as before;
a draft changed since the request read it is read again, never overwritten with the older answers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision

from showcase import drafts
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def reads_of(revision_id: int, queries) -> int:
    """How often the draft's latest revision was loaded (deserialising it is the costly part)."""
    loaded = f'FROM "wagtailcore_revision" WHERE "wagtailcore_revision"."id" = {revision_id} LIMIT'
    return sum(1 for query in queries if loaded in query["sql"])


def test_a_save_reads_the_revision_once_and_writes_one_revision_and_one_history_entry(client):
    item = factories.draft_submission()
    client.force_login(item.submitter)
    url = reverse("submit:step", args=[item.pk, "use-case"])
    revisions = Revision.page_revisions.filter(object_id=str(item.page_id)).count()
    entries = PageLogEntry.objects.count()
    latest_before = type(item.page).objects.get(pk=item.page_id).latest_revision_id
    with CaptureQueriesContext(connection) as queries:
        saved = client.post(url, {"action": "later", "title": "Read once", "summary": "Once.", "problem": "A problem."})
    assert saved.status_code == 302
    assert reads_of(latest_before, queries) == 1
    latest = Revision.page_revisions.filter(object_id=str(item.page_id)).order_by("-pk")
    assert latest.count() == revisions + 1 and latest[0].user == item.submitter
    assert latest[0].content["title"] == "Read once" and latest[0].content["problem"] == "A problem."
    entry = PageLogEntry.objects.order_by("-pk").first()
    assert PageLogEntry.objects.count() == entries + 1
    expected = ("wagtail.edit", item.submitter, latest[0].pk, item.page_id)
    assert (entry.action, entry.user, entry.revision_id, entry.page_id) == expected


def test_a_draft_saved_since_it_was_read_is_read_again():
    item = factories.draft_submission()
    owner, page = item.submitter, item.page
    read = drafts.draft_of(page)  # this request's read, then another tab saves
    drafts.save_draft(page, owner, {"title": "From the other tab"})
    drafts.save_draft(page, owner, {"summary": "From this tab"}, read=read)
    latest = drafts.draft_of(page)
    assert (latest.title, latest.summary) == ("From the other tab", "From this tab")


def test_opening_and_saving_a_step_stays_cheap_in_queries(client):
    """Pinned (issue 20): the step page read the row twice and checked every foreign key of the revision; the
    save rewrote the whole page row, its relations and its reference index twice (24 and 90 queries before).
    Phase 9: the page's taxonomy lists come from ``showcase.taxonomy_choices`` (17 queries before, 12 after)."""
    item = factories.draft_submission()
    client.force_login(item.submitter)
    url = reverse("submit:step", args=[item.pk, "use-case"])
    client.get(url)
    with CaptureQueriesContext(connection) as opened:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as saved:
        answers = {"action": "later", "title": "Counted draft", "summary": "Counted.", "problem": "A problem."}
        assert client.post(url, answers).status_code == 302
    assert len(opened) <= 14 and len(saved) <= 50
