"""Submitting: the hand-over to moderation, statuses, changes requested → resubmit, withdrawal, the call window, double submission.

Every decision here is taken the way a reviewer or an editor takes it: through the review workflow's own tasks
(review, then sign-off), as ``setup_moderation`` creates them after ``migrate``.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site, WorkflowState

from moderation import handover
from moderation.setup import EDITORS, REVIEWERS
from portal import submission as services
from portal.models.call_window import CallWindow, window_for
from portal.models import Status, Submission
from tests import factories
from tests.moderation.conftest import complete_assessment, current_task_state

pytestmark = [pytest.mark.django_db]


def decide(item, group: str, action: str, **data):
    """A member of ``group`` takes ``action`` on the case's current task (the task's own ``on_action``)."""
    task_state = current_task_state(item.page)
    person = factories.user(groups=(group,), is_staff=True)
    task_state.task.specific.on_action(task_state, person, action, **data)
    item.refresh_from_db()


def request_changes(item, message="Please explain who checks each alert."):
    decide(item, REVIEWERS, "request_changes", message=message)


def approve_review(item):
    decide(item, REVIEWERS, "approve", **complete_assessment(current_task_state(item.page)))


def publish(item):
    """Publication as the workflow's end does it: a reviewer approves, another person (an editor) signs off."""
    approve_review(item)
    decide(item, EDITORS, "approve", comment="")


@pytest.mark.embedded
def test_the_full_submit_path(client, django_capture_on_commit_callbacks, mailoutbox):
    item = factories.complete_submission(image_count=1)
    client.force_login(item.submitter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submit:step", args=[item.pk, "check"]))
    assert response.status_code == 302 and response["Location"] == reverse("submissions:submitted", args=[item.pk])
    assert b"Submitted" in client.get(response["Location"]).content
    item.refresh_from_db()
    page = item.page.specific
    # The page draft, authored by the submitter, never live.
    assert not page.live and page.get_latest_revision().user == item.submitter
    assert page.title == "PUBLIC-title Licence plates at the border"
    assert page.images.count() == 1
    # The confidential record.
    assert item.status == Status.SUBMITTED and item.submitted_at is not None
    assert item.contact_email == factories.CONFIDENTIAL_MARKERS["contact_email"]
    # A started workflow, requested by the submitter, on the catalogue's workflow.
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == item.submitter
    assert state.current_task_state.revision == page.get_latest_revision()
    assert [c.status for c in item.status_changes.all()] == [Status.DRAFT, Status.SUBMITTED]
    received = [m for m in mailoutbox if m.to == [item.submitter.email] and "received" in m.subject]
    assert len(received) == 1 and item.reference in received[0].body


@pytest.mark.embedded
def test_double_submission_creates_one_review(client):
    item = factories.complete_submission()
    client.force_login(item.submitter)
    url = reverse("submit:step", args=[item.pk, "check"])
    first = client.post(url)
    second = client.post(url)  # a double click, or the same form in a second tab
    assert first["Location"] == reverse("submissions:submitted", args=[item.pk])
    # The second post finds the case in review: not editable any more, so it lands on its page.
    assert second.status_code == 302
    assert WorkflowState.objects.for_instance(item.page).count() == 1
    assert services.submit(item, item.submitter).already_submitted
    assert WorkflowState.objects.for_instance(item.page).count() == 1
    assert Submission.objects.filter(submitter=item.submitter).count() == 1
    assert Submission.objects.get(pk=item.pk).status_changes.filter(status=Status.SUBMITTED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_on_postgres_start_one_review(migrated_rows):
    item = factories.complete_submission()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit_in_a_thread():
        try:
            barrier.wait(timeout=10)
            results.append(services.submit(Submission.objects.get(pk=item.pk), item.submitter))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_in_a_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(r.already_submitted for r in results) == [False, True]
    assert WorkflowState.objects.for_instance(item.page).count() == 1
    assert Submission.objects.get(pk=item.pk).status == Status.SUBMITTED


@pytest.mark.embedded
def test_changes_requested_then_resubmitted_resumes_the_same_workflow(client, django_capture_on_commit_callbacks, mailoutbox):
    item = factories.complete_submission()
    services.submit(item, item.submitter)
    with django_capture_on_commit_callbacks(execute=True):
        request_changes(item, "Please explain <b>who</b> checks each alert.")
    assert item.status == Status.CHANGES_REQUESTED
    client.force_login(item.submitter)
    html = client.get(reverse("submissions:detail", args=[item.pk])).content.decode()
    assert "The reviewers ask for changes" in html
    assert "Please explain &lt;b&gt;who&lt;/b&gt; checks each alert." in html
    assert "Change your answers" in html
    changes_mail = [m for m in mailoutbox if "Changes requested" in m.subject]
    assert len(changes_mail) == 1 and "Please explain <b>who</b> checks each alert." in changes_mail[0].body
    # The submitter edits an answer and resubmits.
    response = client.post(
        reverse("submit:step", args=[item.pk, "oversight"]),
        factories.step_data("oversight", human_oversight="PUBLIC-oversight Two officers check every alert."),
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submit:step", args=[item.pk, "check"]))
    assert response["Location"] == reverse("submissions:submitted", args=[item.pk])
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    states = WorkflowState.objects.for_instance(item.page)
    assert states.count() == 1 and states.get().status == WorkflowState.STATUS_IN_PROGRESS
    task_state = states.get().current_task_state
    assert task_state.revision == item.page.get_latest_revision()
    assert task_state.revision.as_object().human_oversight == "PUBLIC-oversight Two officers check every alert."
    assert [c.status for c in item.status_changes.all()] == [
        Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.SUBMITTED
    ]
    assert item.emails.filter(kind="received").count() == 2  # the first submission's and the resubmission's
    resubmitted = [m for m in mailoutbox if "received" in m.subject]
    assert "received the changes" in resubmitted[-1].body


@pytest.mark.embedded
def test_a_case_in_review_cannot_be_edited(client):
    item = factories.complete_submission()
    services.submit(item, item.submitter)
    client.force_login(item.submitter)
    response = client.post(reverse("submit:step", args=[item.pk, "use-case"]), factories.step_data("use-case", title="Changed"))
    assert response.status_code == 302 and response["Location"] == reverse("submissions:detail", args=[item.pk])
    assert item.page.get_latest_revision().as_object().title != "Changed"


@pytest.mark.embedded
def test_publication_shows_the_link_and_mails_the_submitter(client, django_capture_on_commit_callbacks, mailoutbox):
    item = factories.complete_submission()
    services.submit(item, item.submitter)
    with django_capture_on_commit_callbacks(execute=True):
        publish(item)
    assert item.status == Status.PUBLISHED
    assert item.page.live
    client.force_login(item.submitter)
    html = client.get(reverse("submissions:detail", args=[item.pk])).content.decode()
    assert f'href="{item.page.url}"' in html and "Read the published case" in html
    published = [m for m in mailoutbox if "is published" in m.subject]
    assert len(published) == 1 and item.page.full_url in published[0].body


@pytest.mark.embedded
def test_declined_with_a_reason(django_capture_on_commit_callbacks, mailoutbox):
    item = factories.complete_submission()
    services.submit(item, item.submitter)
    with django_capture_on_commit_callbacks(execute=True):
        decide(item, REVIEWERS, "decline", reason="Out of scope: not a law-enforcement use.")
    item.refresh_from_db()
    assert item.status == Status.DECLINED
    assert item.status_changes.last().message == "Out of scope: not a law-enforcement use."
    declined = [m for m in mailoutbox if "not accepted" in m.subject]
    assert len(declined) == 1 and "Out of scope" in declined[0].body
    assert not services.can_edit(item.submitter, item) and not services.can_withdraw(item.submitter, item)


@pytest.mark.embedded
@pytest.mark.parametrize("when", ["draft", "submitted", "changes_requested"])
def test_withdraw_before_publication_cancels_the_workflow(client, when):
    item = factories.complete_submission()
    if when != "draft":
        services.submit(item, item.submitter)
    if when == "changes_requested":
        request_changes(item)
    client.force_login(item.submitter)
    url = reverse("submissions:withdraw", args=[item.pk])
    assert b"Withdraw your submission?" in client.get(url).content
    response = client.post(url)
    assert response["Location"] == reverse("submissions:detail", args=[item.pk])
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN and item.withdrawn_at is not None
    assert not WorkflowState.objects.for_instance(item.page).active().exists()
    assert item.status_changes.last().status == Status.WITHDRAWN
    assert Status.DRAFT not in [c.status for c in item.status_changes.all()[1:]], "no spurious Draft on the way"
    # Withdrawn is final: no edit, no resubmission.
    with pytest.raises(services.SubmissionError):
        services.submit(item, item.submitter)


@pytest.mark.embedded
def test_a_published_case_cannot_be_withdrawn(client):
    item = factories.complete_submission()
    services.submit(item, item.submitter)
    publish(item)
    client.force_login(item.submitter)
    response = client.post(reverse("submissions:withdraw", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.withdrawn_at is None


@pytest.mark.embedded
def test_in_review_once_a_reviewer_has_acted():
    item = factories.complete_submission()
    services.submit(item, item.submitter)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    # The reviewer approves: the case waits for the editorial sign-off, "In review" for the submitter.
    approve_review(item)
    assert item.status == Status.IN_REVIEW
    # The editor asks for changes; once resubmitted, the case waits for a reviewer again: "Submitted".
    decide(item, EDITORS, "request_changes", message="Name who signs the data agreement.")
    assert item.status == Status.CHANGES_REQUESTED
    assert services.submit(item, item.submitter).resubmitted
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


# --- The call window ------------------------------------------------------------------------------


def set_window(opens=None, closes=None, late=()):
    window = CallWindow.for_site(Site.objects.get(is_default_site=True))
    window.opens_at, window.closes_at = opens, closes
    window.save()
    window.late_submitters.set(late)
    return window


@pytest.mark.embedded
def test_before_the_call_opens_drafts_are_kept_and_submitting_is_refused(client):
    item = factories.complete_submission()
    opens = timezone.now() + timedelta(days=3)
    set_window(opens=opens)
    client.force_login(item.submitter)
    html = client.get(reverse("submit:step", args=[item.pk, "use-case"])).content.decode()
    assert "The call for submissions opens on" in html
    response = client.post(reverse("submit:step", args=[item.pk, "check"]))
    assert response.status_code == 200 and b"The call for submissions is not open" in response.content
    item.refresh_from_db()
    assert item.status == Status.DRAFT and item.page is not None
    assert not WorkflowState.objects.for_instance(item.page).exists()


@pytest.mark.embedded
def test_after_the_call_closes_submitting_is_refused_but_a_named_account_may_submit_late(client):
    item = factories.complete_submission()
    window = set_window(closes=timezone.now() - timedelta(hours=1))
    client.force_login(item.submitter)
    assert b"The call for submissions closed on" in client.get(reverse("submit:start")).content
    assert b"not open" in client.post(reverse("submit:step", args=[item.pk, "check"])).content
    window.late_submitters.add(item.submitter)
    assert window_for(item.submitter).late_allowed
    response = client.post(reverse("submit:step", args=[item.pk, "check"]))
    assert response.status_code == 302
    assert Submission.objects.get(pk=item.pk).status == Status.SUBMITTED


@pytest.mark.embedded
def test_a_resubmission_is_accepted_after_the_call_closes():
    item = factories.complete_submission()
    services.submit(item, item.submitter)
    request_changes(item)
    set_window(closes=timezone.now() - timedelta(hours=1))
    assert not services.submit(item, item.submitter).already_submitted
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


@pytest.mark.embedded
def test_inside_the_window_it_is_open():
    user = factories.submitter()
    set_window(opens=timezone.now() - timedelta(days=1), closes=timezone.now() + timedelta(days=1))
    assert window_for(user).is_open
    assert not window_for(user, now=timezone.now() + timedelta(days=2)).is_open


@pytest.mark.embedded
def test_the_call_window_is_an_editable_site_setting(client):
    from portal.models import User

    admin = User.objects.create_superuser("chief@example.org", "admin-password-1")
    client.force_login(admin)
    site = Site.objects.get(is_default_site=True)
    response = client.get(reverse("wagtailsettings:edit", args=["portal", "callwindow", site.pk]))
    assert response.status_code == 200 and b"late" in response.content


@pytest.mark.embedded
def test_the_handover_starts_the_review_workflow_assigned_to_the_catalogue():
    from moderation.setup import WORKFLOW_NAME

    item = factories.complete_submission()
    workflow = item.page.get_parent().get_workflow()
    assert workflow.name == WORKFLOW_NAME  # setup_moderation put it there after migrate
    state = handover.start_review(item.page, item.submitter)
    assert state.workflow == workflow and handover.start_review(item.page, item.submitter).pk == state.pk  # idempotent
    assert handover.review_state(item.page).stage == handover.SUBMITTED
