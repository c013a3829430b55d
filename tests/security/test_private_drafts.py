"""Drafts are private: a case its submitter never submitted is theirs, not the reviewers' or the editors'.

Issue 13, point 2. Staff neither list, open, preview, edit, submit nor act on a
never-submitted draft by any admin URL (the explorer, the admin search, the page
chooser, the admin API, the site history, the moderation queue, every page
action); a submitted case appears for reviewers as before. Administrators open
a draft only through the support view, which asks why and writes the audit log.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from tests import factories

from .cases import staff, submission_in, task_state_of
from .conftest import client_for
from .page_actions import edit_form_data, page_actions, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

DRAFT_TITLE = "Private draft plate reader"
SUBMITTED_TITLE = "Submitted plate reader"
STAFF_ROLES = ("reviewer", "editor", "administrator")


@pytest.fixture(scope="module")
def setting(module_db):
    """A draft of one organisation, a case another submitted, and one member of staff per role."""
    from moderation.setup import EDITORS, REVIEWERS

    draft = submission_in("draft", title=DRAFT_TITLE)
    submitted = submission_in("submitted", title=SUBMITTED_TITLE)
    people = {
        "reviewer": staff("reviewer@review.example.org", REVIEWERS),
        "editor": staff("editor@review.example.org", EDITORS),
        "administrator": factories.user("admin@review.example.org", is_staff=True, is_superuser=True),
    }
    return draft, submitted, people


def text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def listing_urls(catalogue_id: int, draft_id: int) -> list[str]:
    return [
        reverse("wagtailadmin_explore", args=[catalogue_id]),
        reverse("wagtailadmin_explore", args=[catalogue_id]) + "?q=plate",
        reverse("wagtailadmin_pages:search") + "?q=plate",
        reverse("wagtailadmin_pages:search_results") + "?q=plate",
        reverse("wagtailadmin_choose_page_child", args=[catalogue_id]),
        reverse("wagtailadmin_choose_page_search") + "?q=plate",
        f"/admin/api/main/pages/?child_of={catalogue_id}",
        "/admin/api/main/pages/?search=plate",
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("moderation:queue"),
    ]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_lists_search_chooser_api_and_queue_hide_a_draft_and_show_a_submitted_case(setting, role):
    draft, submitted, people = setting
    client = client_for(people[role])
    catalogue_id = draft.page.get_parent().pk
    shown = []
    for url in listing_urls(catalogue_id, draft.page_id):
        response = client.get(url)
        assert response.status_code in (200, 302), url  # 302: a report this role may not open
        assert DRAFT_TITLE not in text(response), f"{role} sees the draft at {url}"
        shown.append(SUBMITTED_TITLE in text(response))
    assert any(shown), "the submitted case should appear in the explorer"
    explorer = text(client.get(reverse("wagtailadmin_explore", args=[catalogue_id])))
    assert SUBMITTED_TITLE in explorer


def draft_admin_urls(page, other_page) -> list[str]:
    """Every admin address that names the draft (GET)."""
    revision = page.get_latest_revision()
    catalogue_id = page.get_parent().pk
    pages = "wagtailadmin_pages"
    by_page = [
        "edit", "preview_on_edit", "view_draft", "history", "history_results", "revisions_index",
        "workflow_history", "usage", "lock", "unlock", "copy", "move", "delete", "unpublish", "convert_alias",
        "set_privacy", "add_subpage",
    ]
    urls = [reverse(f"{pages}:{name}", args=[page.pk]) for name in by_page]
    urls += [
        reverse(f"{pages}:revisions_view", args=[page.pk, revision.pk]),
        reverse(f"{pages}:revisions_revert", args=[page.pk, revision.pk]),
        reverse(f"{pages}:revisions_compare", args=[page.pk, "earliest", "latest"]),
        reverse(f"{pages}:move_confirm", args=[page.pk, catalogue_id]),
        reverse(f"{pages}:workflow_preview", args=[page.pk, 1]),
        reverse("wagtailadmin_explore", args=[page.pk]),
        reverse("wagtailadmin_choose_page_child", args=[page.pk]),
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={page.pk}",
        f"/admin/api/main/pages/{page.pk}/",
        reverse("moderation:claim", args=[page.pk]),
    ]
    for action in ("delete", "move", "publish", "unpublish"):
        base = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        urls.append(f"{base}?id={page.pk}&id={other_page.pk}")
    return urls


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_admin_url_of_a_draft_answers_not_found(setting, role):
    draft, submitted, people = setting
    client = client_for(people[role])
    wrong = []
    for url in draft_admin_urls(draft.page, submitted.page):
        response = client.get(url)
        if response.status_code != 404 or DRAFT_TITLE in text(response):
            wrong.append(f"GET {url} → {response.status_code}")
    assert not wrong, f"{role} reaches the draft:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_cannot_save_submit_lock_move_copy_or_delete_a_draft(setting, role):
    draft, submitted, people = setting
    client = client_for(people[role])
    before = snapshot(draft.page_id)
    wrong = []
    for action in page_actions(draft.page, any_task_state=task_state_of(submitted.page)):
        response = client.post(action.url, action.data)
        if response.status_code != 404:
            wrong.append(f"{action.name}: POST {action.url} → {response.status_code}")
        if snapshot(draft.page_id) != before:
            wrong.append(f"{action.name}: POST {action.url} changed the draft")
            break
    assert not wrong, "\n  ".join(wrong)
    assert not WorkflowState.objects.filter(object_id=str(draft.page_id)).exists()


def test_the_submitter_keeps_the_draft_and_submits_it_from_the_portal(setting, client):
    from portal.models import Status

    draft, _submitted, _people = setting
    client.force_login(draft.submitter)
    response = client.post(reverse("submit:step", args=[draft.pk, "check"]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_once_submitted_the_case_appears_for_staff(setting, role):
    from portal.submission import submit

    draft, _submitted, people = setting
    submit(draft, draft.submitter)
    client = client_for(people[role])
    explorer = text(client.get(reverse("wagtailadmin_explore", args=[draft.page.get_parent().pk])))
    assert DRAFT_TITLE in explorer
    assert client.get(reverse("wagtailadmin_pages:edit", args=[draft.page_id])).status_code == 200


@pytest.mark.parametrize(
    "state, visible", [("withdrawn", True), ("withdrawn_draft", False), ("changes_requested", True)]
)
def test_a_case_once_submitted_stays_visible_a_withdrawn_draft_does_not(setting, state, visible):
    item = submission_in(state, title="Plate reader in some state")
    client = client_for(setting[2]["reviewer"])
    explorer = text(client.get(reverse("wagtailadmin_explore", args=[item.page.get_parent().pk])))
    assert ("Plate reader in some state" in explorer) is visible
    assert (client.get(reverse("wagtailadmin_pages:history", args=[item.page_id])).status_code == 200) is visible


def test_a_staff_member_edits_their_own_new_case_and_others_do_not_see_it(setting):
    from moderation.setup import EDITORS


    author, other = (staff(f"editor{i}@review.example.org", EDITORS) for i in (1, 2))
    catalogue = factories.catalogue()
    page = factories.use_case(title="Editor own draft", publish=False, first_published_at=None, owner=author)
    mine, theirs = client_for(author), client_for(other)
    assert "Editor own draft" in text(mine.get(reverse("wagtailadmin_explore", args=[catalogue.pk])))
    assert "Editor own draft" not in text(theirs.get(reverse("wagtailadmin_explore", args=[catalogue.pk])))
    response = mine.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_form_data(page, title="Renamed"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.draft_title == "Renamed"
    assert theirs.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 404


# --- The support view ---------------------------------------------------------------------------


def test_administrators_open_a_draft_only_through_the_logged_support_view(setting):
    draft, _submitted, people = setting
    admin = client_for(people["administrator"])
    listing = text(admin.get(reverse("case_drafts:list")))
    assert draft.submitter.email in listing and DRAFT_TITLE not in listing
    url = reverse("case_drafts:open", args=[draft.page_id])
    form = admin.get(url)
    assert form.status_code == 200 and DRAFT_TITLE not in text(form)
    assert not PageLogEntry.objects.filter(page_id=draft.page_id, action="showcase.support_view_draft").exists()

    response = admin.post(url, {"reason": "Support ticket 42: the submitter \u202ecannot find their draft."})
    assert response.status_code == 200 and DRAFT_TITLE in text(response)
    entry = PageLogEntry.objects.get(page_id=draft.page_id, action="showcase.support_view_draft")
    assert entry.user == people["administrator"]
    assert entry.data["reason"] == "Support ticket 42: the submitter cannot find their draft."
    assert "cannot find their draft" in text(admin.get(reverse("case_drafts:list"))), "the openings are listed"
    # Still invisible everywhere else, for the administrator too.
    assert admin.get(reverse("wagtailadmin_pages:edit", args=[draft.page_id])).status_code == 404


@pytest.mark.parametrize("reason", ["", "   ", "\u202e\u200b", "x" * 501])
def test_the_support_view_needs_a_reason(setting, reason):
    draft, _submitted, people = setting
    admin = client_for(people["administrator"])
    response = admin.post(reverse("case_drafts:open", args=[draft.page_id]), {"reason": reason})
    assert response.status_code == 200
    assert DRAFT_TITLE not in text(response)
    assert not PageLogEntry.objects.filter(page_id=draft.page_id, action="showcase.support_view_draft").exists()


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_the_support_view_is_for_administrators_only(setting, role):
    draft, _submitted, people = setting
    client = client_for(people[role])
    for url in (reverse("case_drafts:list"), reverse("case_drafts:open", args=[draft.page_id])):
        assert client.get(url).status_code in (302, 403)
        response = client.post(url, {"reason": "Curious."})
        assert response.status_code in (302, 403) and DRAFT_TITLE not in text(response)
    assert not PageLogEntry.objects.filter(page_id=draft.page_id, action="showcase.support_view_draft").exists()


def test_the_support_view_opens_only_never_submitted_drafts(setting):
    _draft, submitted, people = setting
    response = client_for(people["administrator"]).get(reverse("case_drafts:open", args=[submitted.page_id]))
    assert response.status_code == 404


def test_a_draft_enters_the_search_index_only_when_it_is_submitted():
    """Wagtail's search index (the admin's page search) never holds a never-submitted draft; review's hand-over adds it."""
    from portal.submission import submit
    from showcase.models import UseCasePage

    def indexed(title: str) -> list[str]:
        return [page.title for page in UseCasePage.objects.search(title, operator="and")]

    from showcase import drafts

    item = factories.complete_submission()
    drafts.save_draft(item.page, item.submitter, {"title": "Unsubmitted lantern recognition"})
    assert indexed("lantern recognition") == []
    submit(item, item.submitter)
    assert indexed("lantern recognition") == ["Unsubmitted lantern recognition"]
