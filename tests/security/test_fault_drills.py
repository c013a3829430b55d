"""Fault drills: a dependency fails in the middle of the road, and nothing is lost.

(a) Elasticsearch unreachable while a case is submitted, reviewed and published:
    the road completes, the catalogue answers from the database; when the node is
    back, ``catalogue_index_health --fix`` brings the index up to date.
(b) The database unreachable: the 503 page is helper "harden"'s (tests there).
(c) The mail server refusing connections: the submission is saved, the e-mail waits
    in the outbox as failed; ``resend_failed_emails`` delivers it once a server
    answers (a real SMTP conversation with a small local sink, below).
(d) A crash while publishing: no half-published case; a retry publishes it.

No mocks: a closed loopback port is a real refused connection.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import uuid
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.signals import page_published

from portal.models import OutboxEmail, Status, Submission
from showcase.models import UseCasePage
from showcase.search.connection import breaker
from tests import factories
from tests.moderation.conftest import complete_assessment, current_task_state, post_action, staff

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def people(db):
    from moderation.setup import EDITORS, REVIEWERS, setup_moderation

    setup_moderation()
    return {
        "reviewer": staff("drill-reviewer@review.example.org", REVIEWERS),
        "editor": staff("drill-editor@review.example.org", EDITORS),
    }


def submit_through_the_wizard(client, item) -> None:
    client.force_login(item.submitter)
    response = client.post(reverse("submit:step", args=[item.pk, "check"]))
    assert response.status_code == 302 and response["Location"] == reverse("submissions:submitted", args=[item.pk])


def review_and_sign_off(client, item, people) -> None:
    client.force_login(people["reviewer"])
    _response, payload = post_action(client, item.page, "approve", complete_assessment(current_task_state(item.page)))
    assert payload and payload["step"] == "success"
    client.force_login(people["editor"])
    _response, payload = post_action(client, item.page, "approve", {"comment": ""})
    assert payload and payload["step"] == "success"


# --- (a) Elasticsearch stopped mid-run ---------------------------------------------------------------------


@pytest.fixture
def private_index(settings, elasticsearch_url) -> Iterator[str]:
    from elasticsearch import Elasticsearch

    settings.CATALOGUE_INDEX_PREFIX = f"{settings.CATALOGUE_INDEX_PREFIX}-drill-{uuid.uuid4().hex[:8]}"
    breaker.reset()
    yield settings.CATALOGUE_INDEX_PREFIX
    breaker.reset()
    client = Elasticsearch(elasticsearch_url)
    for name in client.indices.get(index=f"{settings.CATALOGUE_INDEX_PREFIX}-cases*", expand_wildcards="all").body:
        client.options(ignore_status=404).indices.delete(index=name)


@pytest.mark.elasticsearch
def test_a_case_published_while_elasticsearch_is_down_is_indexed_when_it_comes_back(
    client, settings, people, private_index, closed_port, elasticsearch_url, django_capture_on_commit_callbacks, capsys
):
    from showcase.search import catalogue_search
    from showcase.search.connection import alias_name, indexing_client

    earlier = factories.use_case(title="Drill: roadside cameras before the outage", via_revision=True)
    call_command("rebuild_catalogue_index", "--grace", "0")
    indexing_client().indices.refresh(index=alias_name())
    assert catalogue_search("outage").backend == "elasticsearch"

    # The node stops.
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    item = factories.complete_submission()
    with django_capture_on_commit_callbacks(execute=True):
        factories.use_case(title="Drill: unpublished during the outage", via_revision=True).unpublish()
        submit_through_the_wizard(client, item)
        review_and_sign_off(client, item, people)
    item.refresh_from_db()
    page = UseCasePage.objects.get(pk=item.page_id)
    assert page.live and item.status == Status.PUBLISHED, "the road completes without the search node"
    client.logout()
    html = client.get("/cases/", {"q": "Licence plates"}).content.decode()
    assert "The full search service is unavailable" in html and page.title in html, "the database answers"

    # The node comes back: the index lacks the new case until the re-sync.
    settings.ELASTICSEARCH_URL = elasticsearch_url
    breaker.reset()
    with pytest.raises(SystemExit) as drift:
        call_command("catalogue_index_health")
    assert drift.value.code == 1
    assert "1 missing" in capsys.readouterr().out
    call_command("catalogue_index_health", "--fix")
    assert "the index matches the database" in capsys.readouterr().out
    indexing_client().indices.refresh(index=alias_name())
    call_command("catalogue_index_health")  # exits 0: nothing missing, stale or extra

    results = catalogue_search("Licence plates")
    assert results.backend == "elasticsearch"
    assert page.pk in [hit.page_id for hit in results.hits]
    every = catalogue_search("")
    live = set(UseCasePage.objects.live().public().values_list("pk", flat=True))
    assert {hit.page_id for hit in every.hits} == live == {earlier.pk, page.pk}, "nothing missing, nothing extra"


# --- (c) The mail server refusing ---------------------------------------------------------------------------


class SMTPSink(socketserver.ThreadingTCPServer):
    """The smallest SMTP server that accepts mail (RFC 5321's happy path); keeps the DATA of each message."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages: list[bytes] = []


class _SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                self.server.messages.append(body)
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_sink() -> Iterator[SMTPSink]:
    server = SMTPSink()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.embedded
def test_a_refusing_mail_server_loses_no_submission_and_the_mail_goes_out_later(
    client, settings, closed_port, smtp_sink, django_capture_on_commit_callbacks, capsys
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    from moderation.setup import setup_moderation

    setup_moderation()
    item = factories.complete_submission()
    with django_capture_on_commit_callbacks(execute=True):
        submit_through_the_wizard(client, item)
    assert b"Submitted" in client.get(reverse("submissions:submitted", args=[item.pk])).content
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED and item.submitted_at is not None
    assert WorkflowState.objects.for_instance(item.page).active().count() == 1
    email = OutboxEmail.objects.get(submission=item, kind="received")
    assert email.status == OutboxEmail.FAILED and email.attempts == 1
    assert "Connection refused" in email.last_error or "ConnectionRefused" in email.last_error

    # Still no server: the command keeps it for the next run.
    call_command("resend_failed_emails")
    email.refresh_from_db()
    assert email.status == OutboxEmail.FAILED and email.attempts == 2
    assert smtp_sink.messages == []

    # A server answers.
    settings.EMAIL_PORT = smtp_sink.server_address[1]
    call_command("resend_failed_emails")
    email.refresh_from_db()
    assert email.status == OutboxEmail.SENT and email.sent_at is not None and email.attempts == 3
    assert len(smtp_sink.messages) == 1
    delivered = smtp_sink.messages[0].decode(errors="replace")
    assert item.submitter.email in delivered and item.reference in delivered
    call_command("resend_failed_emails")
    assert len(smtp_sink.messages) == 1, "a sent message is never sent twice"


# --- (d) A crash while publishing ---------------------------------------------------------------------------


class PublishingCrash(RuntimeError):
    pass


@pytest.mark.embedded
def test_a_crash_while_publishing_leaves_no_half_published_case_and_a_retry_publishes(
    client, people, django_capture_on_commit_callbacks, mailoutbox
):
    from moderation.models import Assessment

    item = factories.complete_submission()
    with django_capture_on_commit_callbacks(execute=True):
        submit_through_the_wizard(client, item)
    client.force_login(people["reviewer"])
    post_action(client, item.page, "approve", complete_assessment(current_task_state(item.page)))
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW
    sign_off = current_task_state(item.page)
    mails_before = len(mailoutbox)

    def crash(sender, instance, **kwargs):
        raise PublishingCrash("the disk filled up while publishing")

    page_published.connect(crash, dispatch_uid="drill-crash")
    try:
        client.force_login(people["editor"])
        client.raise_request_exception = False
        with django_capture_on_commit_callbacks(execute=True):
            response, _payload = post_action(client, item.page, "approve", {"comment": "Ship it."}, task_state=sign_off)
        assert response.status_code == 500
    finally:
        page_published.disconnect(dispatch_uid="drill-crash")
        client.raise_request_exception = True

    page = UseCasePage.objects.get(pk=item.page_id)
    assert not page.live and page.first_published_at is None and page.live_revision_id is None
    assert Submission.objects.get(pk=item.pk).status == Status.IN_REVIEW
    assert not Assessment.objects.filter(page=page, published_at__isnull=False).exists()
    assert current_task_state(page).pk == sign_off.pk, "the sign-off still waits"
    assert len(mailoutbox) == mails_before, "nobody was told of a publication that did not happen"
    client.logout()
    assert client.get(f"/cases/{page.slug}/").status_code == 404

    # The retry publishes, once.
    client.force_login(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        _response, payload = post_action(client, page, "approve", {"comment": "Ship it."})
    assert payload and payload["step"] == "success"
    page.refresh_from_db()
    item.refresh_from_db()
    assert page.live and item.status == Status.PUBLISHED
    assert OutboxEmail.objects.filter(submission=item, kind="published").count() == 1
    client.logout()
    assert client.get(page.url).status_code == 200
