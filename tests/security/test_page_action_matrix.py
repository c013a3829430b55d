"""The POST side of the permission matrix: every admin page action, every role, three cases, with and without a CSRF token.

Every action of ``page_actions.py`` is posted by the matrix's eight roles and Wagtail's default
"Moderators" group (``ORGANISER``) on a private draft, a case in review and a case awaiting
sign-off; what is stored decides (``page_actions.judge``). One test per role and token, so the
workers of ``make test`` share the matrix; the cases are built once per module (and worker).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from .conftest import ROLES
from .page_actions import (
    CSRF_TOKEN, MUST_CHANGE, ORGANISER, Action, judge, page_actions, post_cases, post_client, snapshot,
)
from .test_permission_matrix import url_patterns


@dataclass
class Matrix:
    people: dict[str, Any]  # the eight roles and the organiser
    cases: dict[str, Any]  # case name → page
    actions: dict[str, list[Action]]  # case name → every page action on it
    before: dict[str, dict]  # case name → its snapshot (every attempt is rolled back: it stays the state)


@pytest.fixture(scope="module")
def matrix(module_people, module_world, django_db_blocker) -> Matrix:
    from wagtail.models import TaskState

    from .cases import staff

    with django_db_blocker.unblock():
        people = {**module_people, ORGANISER: staff("organiser@meeting.example.org", "Moderators")}
        cases = post_cases(people, module_world)
        any_task_state = TaskState.objects.filter(status="in_progress").first()
        actions = {case: page_actions(page.specific, any_task_state=any_task_state) for case, page in cases.items()}
        before = {case: snapshot(page.pk) for case, page in cases.items()}
    return Matrix(people, cases, actions, before)


def without_token(actions: list[Action]) -> list[Action]:
    """One action per URL (and AJAX header): without a token Django's CSRF check refuses the request before
    any view reads its body, so the other actions posting to the same URL (the edit form's six buttons,
    copy and copy as alias) would repeat the same cell of the matrix."""
    first: dict[tuple[str, bool], Action] = {}
    for action in actions:
        first.setdefault((action.url, action.ajax), action)
    return list(first.values())


def post_every_action(matrix: Matrix, role: str, with_token: bool) -> tuple[list[str], set]:
    from django.db import transaction

    user = matrix.people[role]
    client = post_client(user, with_token=with_token)
    wrong, done = [], set()
    for case, page in matrix.cases.items():
        actions = matrix.actions[case] if with_token else without_token(matrix.actions[case])
        for action in actions:
            data = {**action.data, "csrfmiddlewaretoken": CSRF_TOKEN} if with_token else action.data
            extra = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if action.ajax else {}
            with transaction.atomic():
                response = client.post(action.url, data, **extra)
                after = snapshot(page.pk)
                transaction.set_rollback(True)
            wrong += judge(role, case, action, response, matrix.before[case], after, getattr(user, "pk", None),
                           with_token)
            done.add((case, action.name, action.url, action.ajax))
    return wrong, done


@pytest.mark.embedded
@pytest.mark.parametrize("with_token", [True, False], ids=["with-token", "without-token"])
@pytest.mark.parametrize("role", [*ROLES, ORGANISER])
def test_every_page_action_posted_by_every_role(matrix, role, with_token, db):
    """Every admin page action × this role × three cases: what is stored decides."""
    wrong, done = post_every_action(matrix, role, with_token)
    assert not wrong, f"{len(wrong)} page actions answered wrongly:\n  " + "\n  ".join(wrong)
    every = {(case, action.url, action.ajax) for case, actions in matrix.actions.items() for action in actions}
    assert {(case, url, ajax) for case, _name, url, ajax in done} == every, "every URL of every case was posted"
    if with_token:
        assert len(done) == sum(len(actions) for actions in matrix.actions.values()), "every action was posted"
        assert {(case, name) for who, case, name in MUST_CHANGE if who == role} <= {(c, n) for c, n, _u, _a in done}


def test_every_page_action_of_the_admin_is_posted(module_world, db):
    """A page URL of Wagtail's admin (or a bulk action for pages) that the POST matrix does not send fails here."""
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    from .page_actions import NOT_A_PAGE_ACTION

    actions = page_actions(module_world.submission.page.specific)
    posted = {action.url_name for action in actions}
    page_urls = {name for _route, name, _view in url_patterns() if name and name.startswith("wagtailadmin_pages:")}
    missing = page_urls - posted - NOT_A_PAGE_ACTION
    assert not missing, f"add these page actions to tests/security/page_actions.py: {sorted(missing)}"
    bulk = {action.action_type for action in bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")}
    posted_bulk = {action.name.removeprefix("bulk ") for action in actions if action.url_name == "wagtail_bulk_action"}
    assert bulk <= posted_bulk, f"add these bulk actions for pages: {sorted(bulk - posted_bulk)}"
