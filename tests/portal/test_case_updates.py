"""Updates of a published case: proposed through the wizard, reviewed by the same workflow, live only after sign-off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal import case_updates
from portal import submission as services
from portal.models import OutboxEmail, Status
from showcase.models import UseCasePage
from tests import factories
from tests.portal.test_submit import approve_review, decide, publish, request_changes

pytestmark = [pytest.mark.django_db]

NEW_SUMMARY = "PUBLIC-summary UPDATED: now also reads plates at ferry ports."


@pytest.fixture
def published(client):
    item = factories.complete_submission()
    services.submit(item, item.submitter)
    publish(item)
    assert item.status == Status.PUBLISHED
    client.force_login(item.submitter)
    return item


def live_summary(item) -> str:
    return UseCasePage.objects.get(pk=item.page_id).summary


def propose(client, item, **answers) -> None:
    response = client.post(reverse("submit:step", args=[item.pk, "use-case"]), factories.step_data("use-case", **answers))
    assert response.status_code == 302, response.content[:2000]


@pytest.mark.embedded
def test_an_update_is_reviewed_while_the_published_version_stays_live(client, published):
    item = published
    original = live_summary(item)
    number = UseCasePage.objects.get(pk=item.page_id).case_number
    detail = client.get(reverse("submissions:detail", args=[item.pk])).content.decode()
    assert "Propose an update" in detail
    # The wizard is prefilled from the live version.
    form = client.get(reverse("submit:step", args=[item.pk, "use-case"])).content.decode()
    assert original in form

    propose(client, item, summary=NEW_SUMMARY)
    item.refresh_from_db()
    assert case_updates.update_stage(item) == case_updates.DRAFT and item.status == Status.PUBLISHED
    assert live_summary(item) == original
    public = client.get(item.page.specific.url).content.decode()
    assert original in public and NEW_SUMMARY not in public

    response = client.post(reverse("submit:step", args=[item.pk, "check"]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert case_updates.update_stage(item) == case_updates.IN_REVIEW
    assert not services.can_edit(item.submitter, item) and not services.can_withdraw(item.submitter, item)
    assert live_summary(item) == original
    # While it is reviewed, the wizard is closed to the submitter.
    client.post(reverse("submit:step", args=[item.pk, "use-case"]), factories.step_data("use-case", summary="sneaky"))
    assert UseCasePage.objects.get(pk=item.page_id).get_latest_revision_as_object().summary == NEW_SUMMARY

    publish(item)
    page = UseCasePage.objects.get(pk=item.page_id)
    assert page.summary == NEW_SUMMARY and page.case_number == number and not page.has_unpublished_changes
    assert case_updates.update_stage(item) == case_updates.NONE and item.status == Status.PUBLISHED
    assert NEW_SUMMARY in client.get(page.url).content.decode()
    # The submitter hears of it once: "published" for the first publication, "update published" now.
    kinds = list(OutboxEmail.objects.filter(submission=item).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["received", "published", "update_published"]
    told = OutboxEmail.objects.get(submission=item, kind="update_published")
    assert told.to == item.submitter.email and "The update of your use case" in told.subject
    assert page.full_url in told.body_text and item.reference in told.body_text


def test_the_reviewers_may_ask_for_changes_to_an_update(client, published):
    item = published
    original = live_summary(item)
    propose(client, item, summary=NEW_SUMMARY)
    services.submit(item, item.submitter)
    request_changes(item, message="Say which ports.")
    assert case_updates.update_stage(item) == case_updates.CHANGES_REQUESTED and item.status == Status.PUBLISHED
    asked = OutboxEmail.objects.get(submission=item, kind="changes_requested")
    assert "Say which ports." in asked.body_text and "the published version stays online" in asked.body_text
    assert not OutboxEmail.objects.filter(submission=item, kind="update_published").exists()
    detail = client.get(reverse("submissions:detail", args=[item.pk])).content.decode()
    assert "Say which ports." in detail
    propose(client, item, summary=NEW_SUMMARY + " Rotterdam and Hull.")
    services.submit(item, item.submitter)
    assert case_updates.update_stage(item) == case_updates.IN_REVIEW and live_summary(item) == original


def test_an_update_without_changes_is_refused(published):
    with pytest.raises(services.SubmissionError):
        services.submit(published, published.submitter)


def test_nobody_else_proposes_an_update(client, published):
    stranger = factories.submitter("stranger@elsewhere.example.com", org=factories.organisation("Other", domain="elsewhere.example.com"))
    client.force_login(stranger)
    response = client.post(reverse("submit:step", args=[published.pk, "use-case"]), factories.step_data("use-case", summary="x"))
    assert response.status_code == 404
    assert live_summary(published) != "x"
    assert not UseCasePage.objects.get(pk=published.page_id).has_unpublished_changes


def test_an_update_scheduled_to_go_live_later_tells_the_submitter_when_it_goes_live(client, published):
    """The sign-off schedules the update; the scheduler publishes it later: that publication is the update's."""
    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    from moderation.setup import EDITORS

    item = published
    original = live_summary(item)
    propose(client, item, summary=NEW_SUMMARY)
    services.submit(item, item.submitter)
    approve_review(item)
    go_live = (timezone.localtime() + timezone.timedelta(days=2)).replace(second=0, microsecond=0)
    decide(item, EDITORS, "approve", comment="", go_live_at=go_live.strftime("%Y-%m-%dT%H:%M"))
    page = UseCasePage.objects.get(pk=item.page_id)
    assert page.summary == original and page.scheduled_revision is not None
    assert not OutboxEmail.objects.filter(submission=item, kind="update_published").exists()

    with time_machine.travel(go_live + timezone.timedelta(minutes=1)):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.summary == NEW_SUMMARY
    told = OutboxEmail.objects.filter(submission=item, kind="update_published")
    assert told.count() == 1 and page.full_url in told.get().body_text
    call_command("publish_scheduled")  # a later run publishes nothing and mails nobody again
    assert told.count() == 1


def test_retiring_a_case_does_not_tell_the_submitter_an_update_was_published(published):
    from showcase.revalidation import retire_case

    editor = factories.user(is_staff=True)
    retire_case(UseCasePage.objects.get(pk=published.page_id), "Replaced by a new system.", editor)
    assert not OutboxEmail.objects.filter(submission=published, kind="update_published").exists()
