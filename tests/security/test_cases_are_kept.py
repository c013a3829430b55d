"""Nothing that was submitted is destroyed: case pages and the catalogue are not deleted, moved or copied.

Issue 21, finding 1. Reviewers, editors and organisers (Wagtail's "Moderators"
group: add, change, publish, lock and unlock on every page) are refused by every
admin URL (the page's own delete, move and copy views, and the bulk actions);
the refusal lives in the pages' permission tester, again in the
``before_delete_page``/``before_move_page``/``before_copy_page`` and
``before_bulk_action`` hooks, and in the database (the submission's link to its
page is PROTECT). Superusers may delete a case only when nothing refers to it.
Withdrawing and declining archive the case; they never delete it.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page

from tests import factories

from .cases import staff, submission_in
from .conftest import client_for
from .page_actions import page_actions, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

DESTRUCTIVE = ("delete", "move: choose destination", "move", "copy", "copy as alias", "bulk delete", "bulk move")


@pytest.fixture(scope="module")
def people(module_db):
    from moderation.setup import EDITORS, REVIEWERS

    return {
        "reviewer": staff("reviewer@review.example.org", REVIEWERS),
        "editor": staff("editor@review.example.org", EDITORS),
        "organiser": staff("organiser@meeting.example.org", "Moderators"),
        "administrator": factories.user("admin@review.example.org", is_staff=True, is_superuser=True),
    }


@pytest.fixture(scope="module")
def cases(people):
    return {
        "in review": submission_in("submitted", title="Case in review").page,
        "awaiting sign-off": submission_in("in_review", title="Case awaiting sign-off").page,
        "published": submission_in("published", title="Published case").page,
        "case without a submission": factories.use_case(title="Catalogue case", slug="catalogue-case"),
        "catalogue": factories.catalogue(),
    }


@pytest.mark.parametrize("role", ["reviewer", "editor", "organiser"])
def test_staff_cannot_delete_move_or_copy_a_case_or_the_catalogue_by_any_admin_url(people, cases, role):
    client = client_for(people[role], raise_request_exception=False)
    wrong = []
    for case_name, page in cases.items():
        page = page.specific
        for action in page_actions(page):
            if action.name not in DESTRUCTIVE:
                continue
            before = snapshot(page.pk)
            response = client.post(action.url, action.data)
            if response.status_code == 500:  # refusals differ (403, 404, back to a listing): what is stored decides
                wrong.append(f"{case_name}: {action.name} answered 500")
            if snapshot(page.pk) != before:
                wrong.append(f"{case_name}: {action.name} changed what is stored")
    assert not wrong, f"{role}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("role", ["reviewer", "editor", "organiser"])
def test_the_permission_tester_refuses_and_wagtail_actions_refuse_too(people, cases, role):
    from django.core.exceptions import PermissionDenied
    from wagtail.actions.copy_page import CopyPageAction
    from wagtail.actions.delete_page import DeletePageAction
    from wagtail.actions.move_page import MovePageAction

    user = people[role]
    for page in cases.values():
        page = page.specific
        tester = page.permissions_for_user(user)
        assert not (tester.can_delete() or tester.can_move() or tester.can_copy()), (role, page.title)
        for action in (DeletePageAction(page, user=user), MovePageAction(page, page.get_parent(), user=user),
                       CopyPageAction(page, user=user)):
            with pytest.raises(PermissionDenied):
                action.execute()
        assert Page.objects.filter(pk=page.pk).exists()


def admin_request(user, method: str = "post"):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = getattr(RequestFactory(), method)("/admin/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize("role", ["reviewer", "editor", "organiser"])
def test_the_hooks_refuse_as_defence_in_depth(people, cases, role):
    request = admin_request(people[role])
    page = cases["awaiting sign-off"].specific
    catalogue = cases["catalogue"]
    responses = [hook(request, page) for hook in hooks.get_hooks("before_delete_page")]
    assert any(r is not None and r.status_code in (302, 403) for r in responses)
    responses = [hook(request, page, catalogue) for hook in hooks.get_hooks("before_move_page")]
    assert any(r is not None and r.status_code in (302, 403) for r in responses)
    responses = [hook(request, page) for hook in hooks.get_hooks("before_copy_page")]
    assert any(r is not None and r.status_code in (302, 403) for r in responses)
    for action_type in ("delete", "move"):
        responses = [hook(request, action_type, [page], None) for hook in hooks.get_hooks("before_bulk_action")]
        assert any(r is not None and r.status_code in (302, 403) for r in responses), action_type


def test_administrators_may_not_delete_a_case_that_has_a_submission_and_get_a_clear_answer(people, cases):
    client = client_for(people["administrator"], raise_request_exception=False)
    for name in ("in review", "awaiting sign-off", "published", "catalogue"):
        page = cases[name]
        for url in (reverse("wagtailadmin_pages:delete", args=[page.pk]),
                    reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={page.pk}"):
            response = client.post(url)
            assert response.status_code == 302, (name, url, response.status_code)
            assert Page.objects.filter(pk=page.pk).exists(), (name, url)
            messages = [str(m) for m in response.wsgi_request._messages]
            assert any("submission" in m for m in messages), messages


def test_administrators_may_delete_a_case_nothing_refers_to(people, cases):
    page = cases["case without a submission"]
    response = client_for(people["administrator"]).post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()


def test_the_submission_protects_its_page_in_the_orm(people, cases):
    page = cases["in review"]
    with pytest.raises(ProtectedError):
        Page.objects.get(pk=page.pk).delete()
    with pytest.raises(ProtectedError):
        Page.objects.filter(pk=page.pk).delete()
    assert Page.objects.filter(pk=page.pk).exists()


@pytest.mark.postgres
def test_the_database_refuses_to_delete_a_page_a_submission_refers_to(people, cases):
    page = cases["in review"]
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DELETE FROM showcase_usecasepage WHERE page_ptr_id = %s", [page.pk])
    assert Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize("state", ["withdrawn", "declined", "withdrawn_draft"])
def test_withdrawn_and_declined_cases_are_archived_never_deleted(people, state):
    item = submission_in(state)
    assert item.page_id is not None
    page = Page.objects.get(pk=item.page_id)
    assert not page.live
    assert page.specific.get_latest_revision() is not None
