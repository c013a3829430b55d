"""Every state-changing request (POST, PUT, PATCH, DELETE) to every URL of the site, for every role (issue 18).

The GET matrix (``test_permission_matrix.py``) says which answer each role gets
from each URL; this walks the same URLs (every plain pattern and the samples of
the parameterised ones) with the four unsafe methods, twice:

- **without a CSRF token**: every request is refused (403) before any view
  runs, and nothing stored changes. A view that accepts a request without a
  token must be listed in ``CSRF_EXEMPT`` with its reason, or it fails here by name;
- **with a valid token**: a role that may not read a URL may not write to it
  either — the answer is a refusal (log in, 403, 404, 405, 400) and nothing
  stored changes. Where a role may read, writing is the view's own business,
  tested with the view (the admin's page actions: ``test_every_page_action_posted_by_every_role``).

Every attempt is rolled back, so each starts from the same stored state.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.db import transaction

from . import url_classification as table
from .conftest import ROLES
from .page_actions import CSRF_TOKEN, post_client
from .test_permission_matrix import access_of, outcome, plain_urls, sample_urls

METHODS = ("post", "put", "patch", "delete")
#: Answers that refuse: nothing was done.
REFUSALS = {table.LOGIN, table.ADMIN_LOGIN, table.DJANGO_LOGIN, table.REFUSED, table.NOT_FOUND, table.NOT_ALLOWED,
            table.BAD_REQUEST}
#: Views that take a request without a CSRF token, and why that is safe (URL prefix → reason).
CSRF_EXEMPT: dict[str, str] = {}


def fingerprint() -> str:
    """A digest of what a forged request could change: pages, revisions, submissions, people, groups, media,
    workflow, criteria, collections and restrictions (rows and the columns that matter)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection, CollectionViewRestriction, Page, PageViewRestriction, Revision, TaskState, WorkflowState,
    )

    from moderation.models import Criterion
    from portal.models import Submission

    parts: list[Any] = [
        list(Page.objects.order_by("pk").values_list("pk", "path", "live", "locked", "title", "latest_revision_id")),
        list(get_user_model().objects.order_by("pk").values_list("pk", "is_active", "is_staff", "is_superuser",
                                                                  "password", "email")),
        list(Submission.objects.order_by("pk").values_list("pk", "status", "contact_name")),
    ]
    for model in (Revision, Group, get_document_model(), get_image_model(), TaskState, WorkflowState, Criterion,
                  Collection, CollectionViewRestriction, PageViewRestriction):
        parts.append((model.__name__, model.objects.count(), model.objects.order_by("-pk").values_list("pk").first()))
    parts.append(list(Group.objects.order_by("pk").values_list("pk", "name", "permissions")))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def send(client, method: str, url: str, with_token: bool, before: str):
    """One attempt, rolled back; ``before`` is the stored state every attempt starts from (taken once)."""
    headers = {"HTTP_X_CSRFTOKEN": CSRF_TOKEN} if with_token else {}
    data = {"csrfmiddlewaretoken": CSRF_TOKEN} if with_token and method == "post" else {}
    with transaction.atomic():
        response = getattr(client, method)(url, data, **headers)
        # Django's CSRF refusal answers before any view runs: nothing to compare.
        csrf_refused = response.status_code == 403 and not with_token
        changed = not csrf_refused and fingerprint() != before
        transaction.set_rollback(True)
    return response, changed


@pytest.mark.embedded
def test_no_state_changing_request_without_a_csrf_token(people, world):
    work = [url for url in plain_urls()] + [url for url, _override in sample_urls(world, people)]
    wrong, before = [], fingerprint()
    for role in ROLES:
        client = post_client(people[role], with_token=False)
        for url in work:
            for method in METHODS:
                response, changed = send(client, method, url, with_token=False, before=before)
                exempt = next((why for prefix, why in CSRF_EXEMPT.items() if url.startswith(prefix)), None)
                if changed:
                    wrong.append(f"{role:16} {method.upper()} {url} without a token CHANGED stored data")
                elif response.status_code != 403 and not exempt and outcome(response) not in REFUSALS - {table.REFUSED}:
                    wrong.append(f"{role:16} {method.upper()} {url} without a token: {response.status_code}, "
                                 f"not refused (list it in CSRF_EXEMPT with the reason, or protect it)")
    assert not wrong, f"{len(wrong)} requests without a CSRF token were not refused:\n  " + "\n  ".join(wrong)


@pytest.mark.embedded
def test_what_a_role_may_not_read_it_may_not_write(people, world):
    work = [(url, None) for url in plain_urls()] + sample_urls(world, people)
    wrong, walked, before = [], 0, fingerprint()
    for role in ROLES:
        client = post_client(people[role], with_token=True)
        for url, override in work:
            access = override or access_of(url)
            get_answers = table.EXPECTED[access][role]
            # May read (or a POST-only view, whose GET is 405): writing is the view's own rule, tested with it.
            if access == table.LOGOUT or table.NOT_ALLOWED in get_answers or not get_answers <= REFUSALS:
                continue
            for method in METHODS:
                response, changed = send(client, method, url, with_token=True, before=before)
                walked += 1
                got = outcome(response)
                if changed or got not in REFUSALS:
                    wrong.append(f"{role:16} {method.upper()} {url}  [{access}] got {got} ({response.status_code})"
                                 f"{', CHANGED stored data' if changed else ''}: may not read, so may not write")
    assert walked > 1000  # the walk really covers the site (eight roles × the admin, the accounts, the submissions)
    assert not wrong, f"{len(wrong)} writes by roles that may not read:\n  " + "\n  ".join(wrong)
