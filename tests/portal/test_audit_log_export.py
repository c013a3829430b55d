"""The audit log's CSV export (issue 18.5): Wagtail's "Site history" report, for editors and organisers only."""

from __future__ import annotations

import csv
import io

import pytest
from wagtail.log_actions import log

from moderation.setup import EDITORS, REVIEWERS
from portal.meetings import vetting
from portal.meetings.organisers import ORGANISERS
from tests import factories
from tests.portal.meeting_data import meeting, registration

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

SITE_HISTORY = "/admin/reports/site-history/"


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def evidence_opened():
    """A reviewer opened the evidence of a case under review (as moderation/review_views.py logs it)."""
    case = factories.use_case(title="Audited case of licence-plate reading")
    reviewer = factories.user("reviewer@example.org", groups=(REVIEWERS,), first_name="Rita", last_name="Reviewer")
    log(instance=case, action="moderation.view_evidence", user=reviewer, data={"task": "Responsible-use review"})
    return case


def test_an_editor_downloads_the_audit_log_with_readable_rows(client, evidence_opened):
    client.force_login(factories.user("editor@example.org", groups=(EDITORS,)))
    rows = csv_rows(client.get(SITE_HISTORY, {"export": "csv"}))
    opened = [row for row in rows if row["Action type"] == "Open the evidence"]
    assert opened and opened[0]["Name"] == "Audited case of licence-plate reading"
    assert opened[0]["User"] == "Rita Reviewer" and opened[0]["ID"] == str(evidence_opened.pk)
    assert client.get(SITE_HISTORY, {"export": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    page = client.get(SITE_HISTORY)
    assert page.status_code == 200 and "Open the evidence" in page.content.decode()


def test_an_organiser_downloads_the_decisions_on_registrations(client):
    organiser = factories.user("organiser@example.org", groups=(ORGANISERS,), is_staff=False)
    page = meeting()
    vetting.decide([registration(page, factories.submitter()).pk], approve=True, reason="", by=organiser)
    client.force_login(organiser)
    rows = csv_rows(client.get(SITE_HISTORY, {"export": "csv"}))
    assert [row["Action type"] for row in rows] == ["Approve meeting registrations"]


@pytest.mark.parametrize("query", [{"export": "csv"}, {"export": "xlsx"}, {}])
def test_reviewers_and_submitters_get_no_audit_log(client, evidence_opened, query):
    for person in (factories.user("other-reviewer@example.org", groups=(REVIEWERS,)), factories.submitter()):
        client.force_login(person)
        for url in (SITE_HISTORY, SITE_HISTORY + "results/"):
            response = client.get(url, query)
            assert response.status_code in (302, 403), (person, url)
            assert not response.get("Content-Type", "").startswith(("text/csv", "application/vnd"))
            assert b"Open the evidence" not in response.content


def test_the_reports_menu_lists_site_history_only_for_those_who_may_read_it(client, evidence_opened):
    client.force_login(factories.user("menu-reviewer@example.org", groups=(REVIEWERS,)))
    assert SITE_HISTORY not in client.get("/admin/").content.decode()
    client.force_login(factories.user("menu-editor@example.org", groups=(EDITORS,)))
    assert SITE_HISTORY in client.get("/admin/").content.decode()


@pytest.mark.parametrize("export", ["../etc/passwd", "CSV", "csv\x00", "pdf", "x" * 500])
def test_hostile_export_values_give_the_report_page_not_an_error(client, evidence_opened, export):
    client.force_login(factories.user("hostile-editor@example.org", groups=(EDITORS,)))
    response = client.get(SITE_HISTORY, {"export": export})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
