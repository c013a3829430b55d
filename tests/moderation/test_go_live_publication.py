"""Publication timed to the meeting (issue 14.4): approved with a go-live time, a case stays out of every public
output until ``publish_scheduled`` (run by the scheduler) passes that time, then it is in all of them.

The whole road runs through the admin's workflow action URLs with a frozen clock (time-machine): the reviewer
proposes, the signing editor decides, Wagtail schedules the revision; the scheduler publishes it.
Outputs checked: the case page, the catalogue page, the search (Elasticsearch and the database search), the API
list and detail, the CSV and JSON exports, the Atom feed, the sitemap, the statistics and the case's image.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageLogEntry

from moderation.models import Assessment
from portal.models import OutboxEmail, Status
from showcase.search import catalogue_search
from tests import factories
from tests.meeting_factories import meeting
from tests.showcase.api.conftest import body, csv_rows, json_export
from tests.showcase.search.conftest import _closed_breaker, catalogue_index  # noqa: F401  (fixtures)

from .conftest import complete_assessment, current_task_state, post_action

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
#: 2030-03-04 14:00 in Vienna (UTC+1 in winter) is 13:00 UTC: the meeting's opening.
GO_LIVE_LOCAL = "2030-03-04T14:00"
GO_LIVE = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)


@pytest.fixture(params=[
    pytest.param("database", marks=pytest.mark.embedded),
    pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
])
def search_backend(request, settings):
    if request.param == "elasticsearch":
        request.getfixturevalue("catalogue_index").build()
    else:
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.fixture
def clock():
    with time_machine.travel(NOW) as traveller:
        yield traveller


def public_outputs(client, page, image, settings) -> dict[str, bool]:
    """Whether the case shows in each public output, for an anonymous visitor."""
    client.logout()
    client.defaults["HTTP_HOST"] = "localhost"
    word = "PUBLIC-title"
    found = {
        "case page": client.get(page.url or f"/cases/{page.slug}/").status_code == 200,
        "catalogue page": page.title in client.get("/cases/").content.decode(),
        "search": page.pk in [hit.page_id for hit in catalogue_search(word).hits],
        "api list": page.pk in [case["id"] for case in client.get("/api/v1/cases/").json()["results"]],
        "api detail": client.get(f"/api/v1/cases/{page.slug}/").status_code == 200,
        "csv export": str(page.pk) in [row["id"] for row in csv_rows(client.get("/api/v1/export/cases.csv"))],
        "json export": page.pk in [case["id"] for case in json_export(client.get("/api/v1/export/cases.json"))["cases"]],
        "atom feed": page.title in client.get("/feeds/cases.atom").content.decode(),
        "sitemap": f"/cases/{page.slug}/" in client.get("/sitemap.xml").content.decode(),
        "statistics": client.get("/statistics/").context["statistics"].total == 1,
        "image": client.get(image.get_rendition("fill-480x270").url).status_code == 200,
    }
    if settings.ELASTICSEARCH_URL:
        url, settings.ELASTICSEARCH_URL = settings.ELASTICSEARCH_URL, ""
        found["database search"] = page.pk in [hit.page_id for hit in catalogue_search(word).hits]
        settings.ELASTICSEARCH_URL = url
    return found


def test_a_case_goes_live_at_the_time_set_and_not_before(
    client, clock, search_backend, workflow, reviewer, editor, settings, django_capture_on_commit_callbacks, request,
):
    from portal.submission import submit

    meeting(start=date(2030, 3, 4), end=date(2030, 3, 8), time_zone="Europe/Vienna")
    item = factories.complete_submission(image_count=1)
    item.submitter.language = "fr"
    item.submitter.save(update_fields=["language"])
    submit(item, item.submitter)
    page = item.page.specific
    image = page.images.first().image

    # The reviewer is offered the meeting's opening, in the meeting's zone; proposes it.
    client.force_login(reviewer)
    screen = client.get(reverse("moderation:evidence", args=[page.pk])).content.decode()
    assert f'value="{GO_LIVE_LOCAL}"' in screen and "Europe/Vienna" in screen
    task_state = current_task_state(page)
    data = complete_assessment(task_state) | {"go_live_at": GO_LIVE_LOCAL}
    with django_capture_on_commit_callbacks(execute=True):
        response, payload = post_action(client, page, "approve", data)
    assert payload["step"] == "success", response.content.decode()[:2000]
    assert Assessment.objects.get(page=page, stage=Assessment.REVIEW).go_live_at == GO_LIVE

    # The signing editor sees the proposal and signs off with it: scheduled, not published.
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response, payload = post_action(client, page, "approve", {"comment": "", "go_live_at": GO_LIVE_LOCAL})
    assert payload["step"] == "success", response.content.decode()[:2000]
    page.refresh_from_db()
    assert not page.live and page.scheduled_revision.approved_go_live_at == GO_LIVE
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.schedule").exists()
    told_editor = [str(m) for m in client.get(payload["redirect"], follow=True).context["messages"]]
    assert any("goes live on" in m and "(Europe/Vienna)" in m for m in told_editor), told_editor
    item.refresh_from_db()
    assert item.status == Status.SCHEDULED

    # The submitter is told the date in advance, in their language and the meeting's zone.
    told = OutboxEmail.objects.get(submission=item, kind="scheduled")
    assert "4 mars 2030 14:00 (Europe/Vienna)" in told.body_text, told.body_text
    assert not OutboxEmail.objects.filter(submission=item, kind="published").exists()
    client.force_login(item.submitter)
    status_page = client.get(f"/fr/submissions/{item.pk}/").content.decode()
    assert "4 mars 2030 14:00 (Europe/Vienna)" in status_page

    def outputs():
        if search_backend == "elasticsearch":
            request.getfixturevalue("catalogue_index").refresh()
        return public_outputs(client, page, image, settings)

    assert not any(outputs().values()), outputs()

    # A second before the time, the scheduler runs: nothing yet.
    clock.move_to(GO_LIVE - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once")
    page.refresh_from_db()
    assert not page.live
    assert not any(outputs().values())

    # At its next run (a minute later: its interval), the scheduler's publish_scheduled publishes it, everywhere.
    clock.move_to(GO_LIVE + timedelta(seconds=60))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once")
    page.refresh_from_db()
    assert page.live and page.first_published_at >= GO_LIVE
    found = outputs()
    assert all(found.values()), found
    if search_backend == "elasticsearch":
        assert request.getfixturevalue("catalogue_index").doc(page.pk)["title"] == page.title
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert OutboxEmail.objects.filter(submission=item, kind="published").count() == 1
