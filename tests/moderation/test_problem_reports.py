"""Problem reports: the public form (stored, rate-limited, honeypot), the editors' list, each outcome, hostile text inert."""

from __future__ import annotations

import pytest
from django.core import mail

from moderation.models import ProblemReport
from moderation.setup import EDITORS
from portal.models import OutboxEmail, Submission
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
INERT = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def case():
    owner = factories.submitter("owner@police.example.org")
    page = factories.use_case(title="Reported case")
    Submission.objects.create(submitter=owner, organisation=owner.organisation, page=page, status="published")
    return page


def report_url(page) -> str:
    return f"/report-a-problem/{page.pk}/"


def send(client, page, **data):
    values = {"reason": "factual_error", "description": "The country is wrong.", "contact": "", "website": ""}
    return client.post(report_url(page), {**values, **data})


def test_the_case_page_links_to_the_form_and_a_report_is_stored(client, case):
    assert report_url(case) in client.get(case.url).content.decode()
    assert client.get(report_url(case)).status_code == 200
    response = send(client, case, description=HOSTILE, contact="reader@example.net")
    assert response.status_code == 200 and b"Thank you for your report" in response.content
    report = ProblemReport.objects.get()
    assert (report.page_id, report.reason, report.contact, report.status) == (
        case.pk, "factual_error", "reader@example.net", ProblemReport.NEW)
    assert HOSTILE not in client.get(case.url).content.decode()  # a report is never public


def test_bots_and_bad_input_store_nothing_and_unpublished_cases_are_not_found(client, case):
    assert send(client, case, website="http://spam.example").status_code == 200
    assert send(client, case, reason="<b>").status_code == 200  # the form again, with its error
    assert send(client, case, description="").status_code == 200
    assert ProblemReport.objects.count() == 0
    draft = factories.use_case(title="Draft", publish=False)
    assert client.get(report_url(draft)).status_code == 404
    assert send(client, draft).status_code == 404


def test_reports_are_rate_limited_per_address(client, case):
    for _ in range(5):
        assert send(client, case).status_code == 200
    refused = send(client, case)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert ProblemReport.objects.count() == 5


@pytest.fixture
def editor(client):
    user = factories.user("editor@unicri.example.org", groups=(EDITORS,))
    client.force_login(user)
    return user


def edit(client, report, **data):
    values = {"status": "new", "correction": "", "reply": "", "close_reason": ""}
    response = client.post(f"/admin/problem-reports/edit/{report.pk}/", {**values, **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    return report


def test_editors_list_reports_with_filters_and_counts_and_the_public_may_not(client, case):
    ProblemReport.objects.create(page=case, reason="outdated", description=HOSTILE)
    ProblemReport.objects.create(page=case, reason="concerns", description="x", status=ProblemReport.CLOSED)
    assert client.get("/admin/problem-reports/").status_code == 302
    client.force_login(factories.user("editor@unicri.example.org", groups=(EDITORS,)))
    html = client.get("/admin/problem-reports/").content.decode()
    assert "New: <strong>1</strong>" in html and "Closed: <strong>1</strong>" in html
    filtered = client.get("/admin/problem-reports/?status=closed").content.decode()
    assert "Concerns about the use described" in filtered and "It is out of date" not in filtered.split("</thead>")[-1]
    report = ProblemReport.objects.get(reason="outdated")
    page = client.get(f"/admin/problem-reports/edit/{report.pk}/").content.decode()
    assert HOSTILE not in page and "&lt;script&gt;" in page


def test_a_correction_is_dated_on_the_case_and_the_organisation_is_told(client, case, editor, django_capture_on_commit_callbacks):
    report = ProblemReport.objects.create(page=case, reason="factual_error", description="wrong")
    with django_capture_on_commit_callbacks(execute=True):
        report = edit(client, report, status="corrected", correction=f"The system runs in Kenya. {HOSTILE}")
    assert report.corrected_on is not None and report.handled_by == editor
    html = client.get(case.url).content.decode()
    assert "Correction" in html and "The system runs in Kenya." in html and INERT in html and HOSTILE not in html
    told = OutboxEmail.objects.get(kind="case_corrected")
    assert told.to == "owner@police.example.org" and "The system runs in Kenya." in told.body_text
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, report, status="corrected", correction=f"The system runs in Kenya. {HOSTILE}")
    assert OutboxEmail.objects.filter(kind="case_corrected").count() == 1  # told once


def test_a_right_of_reply_shows_only_once_approved(client, case, editor):
    report = ProblemReport.objects.create(page=case, reason="organisation", description="We disagree.")
    edit(client, report, status="reply", reply="Our statement: the pilot ended.")
    assert "Our statement" not in client.get(case.url).content.decode()
    edit(client, report, status="reply", reply="Our statement: the pilot ended.", reply_approved="on")
    html = client.get(case.url).content.decode()
    assert "Statement from the organisation described" in html and "Our statement: the pilot ended." in html


def test_closing_tells_the_reporter_and_publishes_nothing(client, case, editor, django_capture_on_commit_callbacks):
    report = ProblemReport.objects.create(page=case, reason="other", description="?", contact="reader@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, report, status="closed", close_reason="The case already says this.", correction="not shown")
    assert [m.to for m in mail.outbox] == [["reader@example.net"]]
    assert "The case already says this." in mail.outbox[0].body
    html = client.get(case.url).content.decode()
    assert "not shown" not in html and "Corrections and replies" not in html


def test_the_reply_to_a_reporter_survives_a_mail_server_failure_and_is_in_their_language(
    client, case, editor, settings, django_capture_on_commit_callbacks
):
    # Filed from the French site: the answer is written in French, whatever the editor's language.
    assert client.post("/fr" + report_url(case), {"reason": "other", "description": "?", "contact": "lecteur@example.net",
                                                  "website": ""}).status_code == 200
    report = ProblemReport.objects.get()
    settings.EMAIL_BACKEND = "tests.portal.test_emails.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, report, status="closed", close_reason="Le cas le dit déjà.")
    queued = OutboxEmail.objects.get(kind="problem_report_closed")
    assert (queued.to, queued.language, queued.status) == ("lecteur@example.net", "fr", OutboxEmail.FAILED)
    assert "Le cas le dit déjà." in queued.body_text and "Votre signalement" in queued.subject
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert queued.deliver() and [m.to for m in mail.outbox] == [["lecteur@example.net"]]
    with django_capture_on_commit_callbacks(execute=True):  # saved again: the reporter is not told twice
        edit(client, report, status="closed", close_reason="Le cas le dit déjà.")
    assert OutboxEmail.objects.filter(kind="problem_report_closed").count() == 1


def test_a_correction_or_a_reply_shows_at_once_to_a_visitor_the_stored_page_was_kept_for(client, case, public_pages_on):
    """The anonymous case page is kept per catalogue stamp (showcase.page_store): a note made public moves it."""
    from django.test import Client

    visitor = Client()
    first = visitor.get(case.url)
    assert first.status_code == 200 and "Corrections and replies" not in first.content.decode()
    client.force_login(factories.user("editor@unicri.example.org", groups=(EDITORS,)))
    report = ProblemReport.objects.create(page=case, reason="factual_error", description="wrong")
    edit(client, report, status="corrected", correction="The system runs in Kenya.")
    assert "The system runs in Kenya." in visitor.get(case.url).content.decode()
    assert visitor.get(case.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    reply = ProblemReport.objects.create(page=case, reason="organisation", description="We disagree.")
    edit(client, reply, status="reply", reply="Our statement: the pilot ended.", reply_approved="on")
    assert "Our statement: the pilot ended." in visitor.get(case.url).content.decode()


def test_a_correction_shows_at_once_to_a_signed_in_reader_the_case_fragments_were_kept_for(
    client, case, reader_fragments_on
):
    """The review and the notes are a reader fragment (showcase.reader_fragments), kept per catalogue stamp."""
    from django.test import Client

    reader = Client()
    reader.force_login(factories.attendee())
    report = ProblemReport.objects.create(page=case, reason="factual_error", description="wrong")
    assert "Corrections and replies" not in reader.get(case.url).content.decode()  # kept under this stamp
    ProblemReport.objects.filter(pk=report.pk).update(  # behind the stamp's back: the kept fragment stays
        status="corrected", correction="HIDDEN correction", corrected_on=report.created_at.date())
    assert "HIDDEN correction" not in reader.get(case.url).content.decode()
    client.force_login(factories.user("editor@unicri.example.org", groups=(EDITORS,)))
    edit(client, report, status="corrected", correction="The system runs in Kenya.")
    html = reader.get(case.url).content.decode()
    assert "The system runs in Kenya." in html and "Report a problem with this case" in html
