"""At the same moment: two identical submissions make one; an editor and the submitter do not silently overwrite each other.

Races run on PostgreSQL with real threads, each with its own connection and its own
browser session (django.test.Client), through the views people use.
Two reviewers deciding at once: tests/moderation/test_decisions.py
(test_two_reviewers_at_once_give_one_decision) already races them; not repeated here.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from portal.models import OutboxEmail, Status, Submission
from showcase import drafts
from tests import factories


def race(*actions: Callable[[], object]) -> list[object]:
    """Run the actions in threads released together; their results (or exceptions) in order."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=20)
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - returned to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def browser_of(account) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(account)
    return client


@pytest.fixture
def ready(transactional_db):
    from moderation.setup import setup_moderation
    from tests.portal.conftest import restore_migrated_rows

    restore_migrated_rows()  # an earlier transactional test flushed the migrations' rows
    setup_moderation()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_final_submits_of_one_draft_at_once_make_one_review(ready):
    item = factories.complete_submission()
    url = reverse("submit:step", args=[item.pk, "check"])
    tabs = [browser_of(item.submitter), browser_of(item.submitter)]  # two tabs, or a double click
    responses = race(*(lambda tab=tab: tab.post(url) for tab in tabs))
    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} <= {reverse("submissions:submitted", args=[item.pk]),
                                                  reverse("submissions:detail", args=[item.pk])}
    assert WorkflowState.objects.for_instance(item.page).count() == 1
    record = Submission.objects.get(pk=item.pk)
    assert record.status == Status.SUBMITTED
    assert record.status_changes.filter(status=Status.SUBMITTED).count() == 1
    assert OutboxEmail.objects.filter(submission=record, kind="received").count() == 1
    assert Submission.objects.filter(submitter=item.submitter).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_starts_at_once_make_one_submission(ready):
    """The same "Start" form posted twice at once (its token is the same): one draft, both land on it."""
    account = factories.submitter()
    token = str(uuid.uuid4())
    tabs = [browser_of(account), browser_of(account)]
    responses = race(*(lambda tab=tab: tab.post(reverse("submit:start"), {"token": token}) for tab in tabs))
    assert [getattr(r, "status_code", r) for r in responses] == [302, 302], responses
    assert Submission.objects.filter(submitter=account).count() == 1
    only = Submission.objects.get(submitter=account)
    assert {r["Location"] for r in responses} == {reverse("submit:step", args=[only.pk, "organisation"])}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_saving_a_step_while_submitting_never_changes_a_case_in_review(ready):
    """A late "Save" racing "Submit": either it is saved before the hand-over, or it is refused; never after."""
    item = factories.complete_submission()
    tab_one, tab_two = browser_of(item.submitter), browser_of(item.submitter)
    new_summary = "PUBLIC-summary Changed in a second tab at the moment of submitting."
    submit_response, save_response = race(
        lambda: tab_one.post(reverse("submit:step", args=[item.pk, "check"])),
        lambda: tab_two.post(reverse("submit:step", args=[item.pk, "use-case"]),
                             factories.step_data("use-case", summary=new_summary)),
    )
    assert submit_response.status_code == 302 and save_response.status_code == 302
    if save_response["Location"] == reverse("submissions:detail", args=[item.pk]):  # the save lost the race
        page = tab_two.get(save_response["Location"]).content.decode()
        assert "This submission cannot be changed now" in page, "the submitter is told the change was not saved"
    record = Submission.objects.get(pk=item.pk)
    assert record.status == Status.SUBMITTED
    state = WorkflowState.objects.for_instance(item.page).get()
    reviewed = state.current_task_state.revision.as_object()
    latest = drafts.draft_of(item.page)
    assert latest.summary == reviewed.summary, "what the reviewers see is the latest answer"


# --- An editor and the submitter at once ------------------------------------------------------------------


class FormScraper(HTMLParser):
    """The fields of one form in a page, as a browser would post them (for Wagtail's page editor)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id or self.inside
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def editor_form(client, page) -> dict[str, list[str]]:
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    scraper = FormScraper("page-edit-form")
    scraper.feed(html)
    assert scraper.data.get("loaded_revision_id"), "Wagtail's editor carries the revision it was loaded from"
    return scraper.data


@pytest.fixture
def changes_requested(db):
    """A case sent back to its submitter: both the submitter (wizard) and an editor (admin) may change it."""
    from moderation.setup import REVIEWERS, setup_moderation
    from portal import submission as services
    from tests.security.cases import act, staff

    setup_moderation()
    item = factories.complete_submission()
    services.submit(item, item.submitter)
    act(item.page, staff("changes-reviewer@review.example.org", REVIEWERS), "request_changes", message="Shorter summary.")
    item.refresh_from_db()
    assert item.status == Status.CHANGES_REQUESTED
    return item


def editor_client(client):
    client.force_login(factories.user("editor-at-once@review.example.org", is_superuser=True, is_staff=True))
    return client


@pytest.mark.embedded
def test_the_submitter_saving_a_step_keeps_an_editors_change_to_another_step(client, changes_requested):
    item = changes_requested
    editor = factories.user(is_superuser=True, is_staff=True)
    drafts.save_draft(item.page, editor, {"redress_route": "PUBLIC-redress Corrected by the editor."})
    client.force_login(item.submitter)
    response = client.post(reverse("submit:step", args=[item.pk, "use-case"]),
                           factories.step_data("use-case", summary="PUBLIC-summary Shorter, by the submitter."))
    assert response.status_code == 302
    latest = drafts.draft_of(item.page)
    assert latest.summary == "PUBLIC-summary Shorter, by the submitter."
    assert latest.redress_route == "PUBLIC-redress Corrected by the editor.", "the editor's change is kept"
    shown = client.get(reverse("submit:step", args=[item.pk, "oversight"])).content.decode()
    assert "Corrected by the editor." in shown, "the submitter sees the editor's change before editing that step"


@pytest.mark.embedded
def test_an_editors_autosave_over_a_newer_submitter_answer_is_refused_with_a_message(client, changes_requested):
    item = changes_requested
    editor_client(client)
    form = editor_form(client, item.page)  # the editor opens the page …
    drafts.save_draft(item.page, item.submitter, {"summary": "PUBLIC-summary The submitter's newer answer."})  # … the submitter saves …
    form["summary"] = ["PUBLIC-summary The editor's older view, edited."]
    response = client.post(reverse("wagtailadmin_pages:edit", args=[item.page.pk]),
                           {k: v for k, v in form.items()}, HTTP_ACCEPT="application/json")  # … the editor's autosave
    payload = response.json()
    assert payload["success"] is False and payload["error_code"] == "invalid_revision"
    assert "overwrite a newer version" in payload["error_message"]
    assert drafts.draft_of(item.page).summary == "PUBLIC-summary The submitter's newer answer."


@pytest.mark.embedded
def test_an_editors_plain_save_over_a_newer_submitter_answer_is_not_silent(client, changes_requested):
    item = changes_requested
    editor_client(client)
    form = editor_form(client, item.page)
    drafts.save_draft(item.page, item.submitter, {"summary": "PUBLIC-summary The submitter's newer answer."})
    form["title"] = [form["title"][0] + " (edited)"]
    response = client.post(reverse("wagtailadmin_pages:edit", args=[item.page.pk]), form, follow=True)
    kept = drafts.draft_of(item.page).summary == "PUBLIC-summary The submitter's newer answer."
    messages = response.content.decode().split('class="messages"', 1)[-1].split("</ul>", 1)[0]
    warned = 'class="error"' in messages and "newer" in messages  # a conflict message, not "Page saved"
    assert kept or warned
