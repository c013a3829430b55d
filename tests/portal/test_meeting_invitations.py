"""The CSV import of pre-approved participants: a clear report, all or nothing, hostile files refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.meetings import invitations
from portal.meetings.organisers import ORGANISERS
from portal.models import MeetingInvitation, RegistrationStatus
from showcase.visibility import can_see_attendee_cases
from tests import factories
from tests.portal.meeting_data import meeting, registration

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def csv_file(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_valid_rows_are_imported_and_duplicates_reported():
    page = meeting()
    MeetingInvitation.objects.create(meeting=page, email="already@police.example.org")
    data = csv_file(
        "email,name,organisation",
        "ana@police.example.org,Ana Lima,Polícia Federal",
        "ANA@police.example.org,Ana again,Polícia Federal",
        "already@police.example.org,Already listed,Agency",
        "",
        "bo@police.example.org,Bo Chen,",
    )
    report = invitations.import_invitations(page, data, by=None)
    assert [row.email for row in report.valid] == ["ana@police.example.org", "bo@police.example.org"]
    assert report.duplicates == [(3, "ana@police.example.org"), (4, "already@police.example.org")]
    assert report.malformed == [] and report.imported == 2
    assert set(MeetingInvitation.objects.values_list("email", flat=True)) == {
        "already@police.example.org", "ana@police.example.org", "bo@police.example.org"}
    assert MeetingInvitation.objects.get(email="ana@police.example.org").organisation == "Polícia Federal"


def test_one_malformed_row_imports_nothing_and_names_every_bad_line():
    page = meeting()
    data = csv_file(
        "e-mail,name,organisation",
        "good@police.example.org,Good,Agency",
        "not-an-address,Bad,Agency",
        "long@police.example.org," + "n" * 151 + ",Agency",
        "tab@police.example.org,Tab\there,Agency",
    )
    report = invitations.import_invitations(page, data, by=None)
    assert report.refused and report.imported == 0
    assert [line for line, _problem in report.malformed] == [3, 4, 5]
    assert not MeetingInvitation.objects.exists()


def test_people_already_registered_are_approved_by_the_import(django_capture_on_commit_callbacks, mailoutbox):
    page = meeting()
    waiting = registration(page, factories.submitter("waiting@police.example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        report = invitations.import_invitations(page, csv_file("email", "waiting@police.example.org"), by=None)
    assert report.approved == 1
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.APPROVED
    assert can_see_attendee_cases(waiting.user)
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe\x00e\x00m", "not UTF-8"),
    ("email\nnul\x00@x.org\n".encode(), "not a CSV text file"),
    (b"name,organisation\nAna,Agency\n", "must name the columns"),
    (b"", "must name the columns"),
    (b"email\n" + b"a@b.org\n" * (1024 * 1024 // 8), "larger than 1 MB"),
    (("email\n" + "".join(f"p{n}@x.org\n" for n in range(5001))).encode(), "more than 5000 rows"),
    (b'email\n"' + b"a" * 200_000 + b'"\n', "could not be read as CSV"),
])
def test_hostile_files_are_refused_whole(data, message):
    page = meeting()
    with pytest.raises(invitations.ImportRefused, match=message):
        invitations.import_invitations(page, data, by=None)
    assert not MeetingInvitation.objects.exists()


def test_hostile_values_are_checked_or_stored_harmlessly():
    page = meeting()
    data = csv_file(
        "email,name,organisation,extra",
        '"=HYPERLINK(""http://evil.example"")",x,y,z',
        "ok@police.example.org,<script>alert(1)</script>,=cmd|' /C calc'!A0,ignored",
        "bidi@police.example.org,\u202egnp.exe,Agency\u200b,",
        "\"quoted@police.example.org\",\"Name, with comma\",\"Org \"\"Q\"\"\"",
    )
    report = invitations.check_file(page, data)
    assert [line for line, _ in report.malformed] == [2]
    stored = {row.email: row for row in report.valid}
    assert stored["bidi@police.example.org"].name == "gnp.exe"
    assert stored["bidi@police.example.org"].organisation == "Agency"
    assert stored["quoted@police.example.org"].organisation == 'Org "Q"'


def test_the_import_page_reports_and_refuses_strangers(client):
    page = meeting()
    url = reverse("meeting_registrations:import", args=[page.pk])
    client.force_login(factories.submitter())
    assert client.post(url, {"file": _upload(csv_file("email", "a@police.example.org"))}).status_code in (302, 403)
    assert not MeetingInvitation.objects.exists()

    client.force_login(factories.user(groups=(ORGANISERS,)))
    good = client.post(url, {"file": _upload(csv_file("email,name", "a@police.example.org,A", "a@police.example.org,A"))})
    text = good.content.decode()
    assert good.status_code == 200 and "Valid rows: 1" in text and "Duplicate rows (skipped): 1" in text
    bad = client.post(url, {"file": _upload(csv_file("email", "nope", "b@police.example.org"))})
    assert bad.status_code == 400 and "Nothing was imported" in bad.content.decode()
    assert MeetingInvitation.objects.count() == 1
    unreadable = client.post(url, {"file": _upload(b"\xff\xfe")})
    assert unreadable.status_code == 400 and "not UTF-8" in unreadable.content.decode()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("list.csv", data, content_type="text/csv")
