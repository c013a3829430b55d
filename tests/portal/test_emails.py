"""E-mails to submitters: each kind, plain text and HTML, translatable templates, and a failing mail server."""

from __future__ import annotations

import re
import smtplib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.template import engines
from django.test import override_settings

from portal.submitter_emails import KINDS, notify_submitter, render_email
from portal.models import OutboxEmail
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

EMAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "emails"


class FailingBackend:
    """An e-mail backend whose server refuses everything."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPException("421 the server is not available")


CONTEXTS = {
    "received": {},
    "changes_requested": {"message": "Please name the accountable role."},
    "published": {"public_url": "http://localhost/cases/plates/"},
    "update_published": {"public_url": "http://localhost/cases/plates/"},
    "declined": {"reason": "Out of scope."},
    # The date as the reader sees it is checked in tests/moderation/test_go_live.py.
    "scheduled": {"publish_at": datetime(2030, 3, 4, 13, tzinfo=UTC)},
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_email_has_text_and_html_with_its_content(kind, django_capture_on_commit_callbacks):
    item = factories.complete_submission()
    with django_capture_on_commit_callbacks(execute=True):
        notify_submitter(item, kind, **CONTEXTS[kind])
    message = mail.outbox[-1]
    assert message.to == [item.submitter.email]
    assert "PUBLIC-title Licence plates at the border" in message.subject
    assert item.reference in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<html" in html and item.reference in html
    for value in CONTEXTS[kind].values():
        value = value if isinstance(value, str) else "2030"
        assert value in message.body and value in html
    assert f"/submissions/{item.pk}/" in message.body or kind in ("published", "update_published")


def test_a_title_cannot_inject_headers_and_html_is_escaped():
    item = factories.complete_submission()
    from showcase import drafts

    drafts.save_draft(item.page, item.submitter, {"title": "Evil\r\nBcc: victim@example.org <script>x</script>"})
    subject, text, html = render_email(item, "changes_requested", message="<img src=x onerror=alert(1)>")
    assert "\n" not in subject and "\r" not in subject
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "<script>" not in html


@pytest.mark.parametrize("path", sorted(EMAIL_TEMPLATES.glob("*.*")), ids=lambda p: p.name)
def test_email_templates_have_no_untranslated_words(path):
    """Every word a reader sees sits inside {% translate %} / {% blocktranslate %}: the templates are language-neutral."""
    source = path.read_text()
    engines["django"].from_string(source)  # it is a valid template
    visible = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", " ", source, flags=re.S)
    visible = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", visible, flags=re.S)
    visible = re.sub(r"<[^>]*>", " ", visible, flags=re.S)  # tags and their attributes are markup
    visible = re.sub(r"&[a-z]+;|https?://\S+", " ", visible)
    assert not re.search(r"[A-Za-z]{2,}", visible), f"untranslated text in {path.name}: {visible.split()}"


def test_emails_are_rendered_in_the_submitters_language():
    item = factories.complete_submission()
    item.language = "fr"
    item.save()
    from django.utils import translation

    with translation.override("en"):
        _subject, _text, html = render_email(item, "received")
    assert 'lang="fr"' in html


def test_a_failing_mail_server_loses_nothing_and_the_message_can_be_resent(django_capture_on_commit_callbacks, caplog, settings):
    item = factories.complete_submission()
    settings.EMAIL_BACKEND = "tests.portal.test_emails.FailingBackend"
    from portal import submission as services

    with django_capture_on_commit_callbacks(execute=True):
        services.submit(item, item.submitter)
    item.refresh_from_db()
    assert item.status == "submitted", "the submission went through"
    email = OutboxEmail.objects.get(submission=item, kind="received")
    assert email.status == OutboxEmail.FAILED and "421" in email.last_error and email.attempts == 1
    assert "could not be sent" in caplog.text
    # Still failing: the command says so and keeps it.
    call_command("resend_failed_emails")
    email.refresh_from_db()
    assert email.status == OutboxEmail.FAILED and email.attempts == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("resend_failed_emails")
    email.refresh_from_db()
    assert email.status == OutboxEmail.SENT and email.sent_at is not None
    assert len(mail.outbox) == 1 and "received" in mail.outbox[0].subject


def test_the_scheduler_retries_refused_mail_until_the_attempts_run_out(settings):
    assert ("resend_failed_emails", (), 900) in settings.SCHEDULED_JOBS
    settings.EMAIL_BACKEND = "tests.portal.test_emails.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = OutboxEmail.objects.create(kind="received", to="gone@example.org", subject="s", body_text="b",
                                       status=OutboxEmail.FAILED, attempts=1)
    for _ in range(4):
        call_command("resend_failed_emails")
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.FAILED, 3)  # tried twice more, then left for a person


def test_the_same_event_mails_once(django_capture_on_commit_callbacks):
    item = factories.complete_submission()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_submitter(item, "received", dedupe_key="event-1") is not None
        assert notify_submitter(item, "received", dedupe_key="event-1") is None
    assert len(mail.outbox) == 1


def test_unknown_kind_is_refused():
    item = factories.complete_submission()
    with pytest.raises(ValueError):
        notify_submitter(item, "congratulations")


@override_settings(EMAIL_BACKEND="tests.portal.test_emails.FailingBackend")
def test_a_failing_verification_email_is_reported_and_nothing_is_created(client):
    from django.urls import reverse

    from portal.models import User
    from showcase.taxonomies import OrganisationType

    response = client.post(
        reverse("accounts:register"),
        {
            "name": "Ada",
            "email": "ada@police.example.org",
            "organisation_name": "Example",
            "organisation_type": OrganisationType.objects.first().pk,
            "country": "FR",
        },
        follow=True,
    )
    # Registration creates nothing until the link is followed: the person simply registers again.
    assert not User.objects.filter(email="ada@police.example.org").exists()
    assert b"could not send the e-mail just now" in response.content
