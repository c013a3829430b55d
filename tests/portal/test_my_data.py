"""A person's copy of their data and the deletion of their account (issue 18, docs/PRIVACY.md)."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from portal import submission as services
from portal.models import MeetingRegistration, OutboxEmail, SavedSearch, Status, Submission, User
from portal.status import refresh_status
from portal.two_factor.admin_views import RESET
from tests import factories
from tests.moderation.markers import mark_confidential_answers
from tests.portal import meeting_data

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

PASSWORD = "a-test-password"
OTHER_MARKER = "OTHER-PERSON-MARKER-must-not-leak"


def person_with_everything():
    """A submitter with a meeting registration, a draft, a submitted case and a published one (markers in each)."""
    person = factories.submitter("ada.lovelace@police.example.org", first_name="Ada", last_name="Lovelace")
    meeting_data.registration(meeting_data.meeting(title="Meeting MEET-MARKER"), person, accessibility_needs="REG-MARKER")
    SavedSearch.objects.create(user=person, query_string="q=ALERT-MARKER")
    draft = factories.complete_submission(person)
    submitted = factories.complete_submission(person)
    published = factories.complete_submission(person)
    markers = {}
    for item in (draft, submitted, published):
        markers = mark_confidential_answers(item)
    services.submit(submitted, person)
    services.submit(published, person)
    published.page.save_revision(user=person).publish()
    for item in (draft, submitted, published):
        refresh_status(item)
    return person, {"draft": draft, "submitted": submitted, "published": published}, markers


def other_person(person):
    other = factories.submitter("grace@police.example.org", org=person.organisation, first_name="Grace")
    item = factories.complete_submission(other)
    Submission.objects.filter(pk=item.pk).update(contact_name=OTHER_MARKER)
    SavedSearch.objects.create(user=other, query_string=f"q={OTHER_MARKER}")
    return other, item


def signed_in(person, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(person)
    return client


# --- Download ----------------------------------------------------------------------------------------


def test_the_download_holds_every_item_of_the_person_and_nothing_of_another():
    person, cases, markers = person_with_everything()
    other_person(person)
    response = signed_in(person).post(reverse("accounts:my_data"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    text = response.content.decode()
    data = json.loads(text)
    assert data["account"]["email"] == person.email and data["account"]["last_name"] == "Lovelace"
    assert data["account"]["organisation"] == person.organisation.name
    assert data["account"]["two_factor_enabled"] is False
    assert [r["meeting"] for r in data["meeting_registrations"]] == ["Meeting MEET-MARKER"]
    assert data["meeting_registrations"][0]["accessibility_needs"] == "REG-MARKER"
    by_reference = {s["reference"]: s for s in data["submissions"]}
    assert set(by_reference) == {item.reference for item in cases.values()}
    for name, item in cases.items():
        exported = by_reference[item.reference]
        answers = {row["answer"] for row in exported["answers"]}
        assert set(markers.values()) <= answers, name  # every confidential answer, decrypted
        assert "PUBLIC-supplier" in answers  # and the public ones
        assert exported["status"] == str(Status(Submission.objects.get(pk=item.pk).status).label)
    assert [h["status"] for h in by_reference[cases["published"].reference]["status_history"]][-1] == "Published"
    assert data["problem_reports"]["linked_to_accounts"] is False
    assert [item["search"] for item in data["alerts"]["items"]] == ["q=ALERT-MARKER"]
    assert OTHER_MARKER not in text and "grace@" not in text
    assert person.password not in text and "pbkdf2" not in text


def test_the_download_is_a_post_with_csrf_and_rate_limited(settings):
    person = factories.submitter()
    assert signed_in(person).get(reverse("accounts:my_data")).status_code == 405
    assert signed_in(person, enforce_csrf_checks=True).post(reverse("accounts:my_data")).status_code == 403
    anonymous = Client().post(reverse("accounts:my_data"))
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "data-download-account": (2, 3600)}
    client = signed_in(person)
    assert [client.post(reverse("accounts:my_data")).status_code for _ in range(3)] == [200, 200, 429]


def test_the_account_page_offers_both():
    page = signed_in(factories.submitter()).get(reverse("accounts:password_change")).content.decode()
    assert f'action="{reverse("accounts:my_data")}"' in page and reverse("accounts:delete_account") in page


# --- Deletion ----------------------------------------------------------------------------------------


def _columns_of(user_pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {User._meta.db_table} WHERE id = %s", [user_pk])
        return " ".join(str(value) for value in cursor.fetchone())


def test_deletion_erases_the_person_and_keeps_published_cases_and_an_anonymised_trail():
    person, cases, markers = person_with_everything()
    other, others_case = other_person(person)
    email, pk, organisation = person.email, person.pk, person.organisation
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    log(instance=person, action=RESET, user=factories.user(is_superuser=True), data={"person": email})
    draft_page_id = cases["draft"].page_id
    browser, second_browser = signed_in(person), signed_in(person)

    response = browser.post(reverse("accounts:delete_account"), {"password": PASSWORD, "user_id": other.pk})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account_deleted")

    account = User.objects.get(pk=pk)
    assert not account.is_active and not account.has_usable_password() and account.erased_at
    row = _columns_of(pk)
    for trace in (email, "ada", "Lovelace"):
        assert trace.lower() not in row.lower(), trace
    assert str(account) == "Deleted account"
    assert not OutboxEmail.objects.filter(to__iexact=email).exists()
    for mail in OutboxEmail.objects.all():
        assert email not in mail.body_text + mail.body_html + mail.subject
    assert not MeetingRegistration.objects.filter(user_id=pk).exists() and not TOTPDevice.objects.filter(user_id=pk)
    assert not SavedSearch.objects.filter(user_id=pk).exists()  # search alerts stop
    # Published: still live, still the organisation's; the draft and its page are gone; the submitted one erased.
    published = Submission.objects.get(pk=cases["published"].pk)
    assert published.page.live and published.organisation == organisation and published.contact_email == ""
    assert published.data_inventory == markers["data_inventory"]
    assert not Submission.objects.filter(pk=cases["draft"].pk).exists() and not Page.objects.filter(pk=draft_page_id)
    submitted = Submission.objects.get(pk=cases["submitted"].pk)
    assert submitted.status == Status.WITHDRAWN and submitted.answers_purged_at and submitted.data_inventory == ""
    # The audit trail is there, anonymised.
    entries = list(PageLogEntry.objects.filter(user_id=pk)) + list(ModelLogEntry.objects.filter(user_id=pk))
    assert entries and {entry.user_display_name for entry in entries} == {"Deleted account"}
    assert ModelLogEntry.objects.filter(action=RESET, object_id=str(pk)).exists()
    for entry in [*PageLogEntry.objects.all(), *ModelLogEntry.objects.all()]:
        assert email not in entry.label + json.dumps(entry.data), entry.action
    # Every session ended: the old cookies sign no one in.
    for client in (browser, second_browser):
        assert client.get(reverse("accounts:password_change")).status_code == 302
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(pk)]
    # The other person (whose id was posted) is untouched.
    assert User.objects.get(pk=other.pk).is_active and Submission.objects.filter(pk=others_case.pk).exists()


def test_a_wrong_password_refuses_with_a_clear_message():
    person = factories.submitter()
    response = signed_in(person).post(reverse("accounts:delete_account"), {"password": "not-it"})
    assert response.status_code == 400
    assert "That is not your password. Your account was not deleted." in response.content.decode()
    assert User.objects.get(pk=person.pk).is_active


def test_deletion_needs_the_csrf_token_and_the_confirmation_page_says_what_it_does():
    person = factories.submitter()
    client = signed_in(person, enforce_csrf_checks=True)
    assert client.post(reverse("accounts:delete_account"), {"password": PASSWORD}).status_code == 403
    assert User.objects.get(pk=person.pk).is_active
    page = client.get(reverse("accounts:delete_account")).content.decode()
    assert "Published cases stay published" in page and 'name="password"' in page


@pytest.mark.parametrize("kind", ["reviewer", "superuser"])
def test_staff_cannot_delete_themselves(kind):
    fields = {"groups": ("Reviewers",), "is_staff": True} if kind == "reviewer" else {"is_superuser": True, "is_staff": True}
    person = factories.user(**fields)
    client = signed_in(person)
    assert "Ask an administrator" in client.get(reverse("accounts:delete_account")).content.decode()
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    assert response.status_code == 403 and User.objects.get(pk=person.pk).is_active


def test_no_e_mail_goes_to_a_deleted_account_about_its_published_case():
    from portal.revalidation import recipients
    from portal.submitter_emails import PUBLISHED, notify_submitter

    person = factories.submitter(org=factories.organisation(domain="solo.example.org"))
    item = factories.complete_submission(person)
    Submission.objects.filter(pk=item.pk).update(status=Status.PUBLISHED)
    assert recipients(item) == [person]
    signed_in(person).post(reverse("accounts:delete_account"), {"password": PASSWORD})
    item = Submission.objects.select_related("submitter").get(pk=item.pk)
    assert recipients(item) == [] and notify_submitter(item, PUBLISHED, public_url="https://x.example") is None
