"""Every state-changing request (POST, PUT, PATCH, DELETE) to every URL of the site, for every role (issue 18).

The GET matrix (``test_permission_matrix.py``) says which answer each role gets
from each URL; this walks the same URLs (every plain pattern and the samples of
the parameterised ones) with the four unsafe methods, twice:

- **without a CSRF token** (POST from every role, all four methods from a visitor and an
  administrator: see ``ALL_METHODS_FOR``): every request is refused (403) before any view
  runs, and nothing stored changes. A view that accepts a request without a
  token must be listed in ``CSRF_EXEMPT`` with its reason, or it fails here by name;
- **with a valid token**: a role that may not read a URL may not write to it
  either — the answer is a refusal (log in, 403, 404, 405, 400) and nothing
  stored changes. Where a role may read, writing is the view's own business,
  tested with the view (the admin's page actions: ``test_every_page_action_posted_by_every_role``).

Every attempt is rolled back, so each starts from the same stored state.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from . import url_classification as table
from .conftest import ROLES, World
from .page_actions import CSRF_TOKEN, post_client
from .test_permission_matrix import distinct_cells, outcome, plain_urls, sample_urls

METHODS = ("post", "put", "patch", "delete")
#: Answers that refuse: nothing was done.
REFUSALS = {table.LOGIN, table.ADMIN_LOGIN, table.DJANGO_LOGIN, table.REFUSED, table.NOT_FOUND, table.NOT_ALLOWED,
            table.BAD_REQUEST}
#: Views that take a request without a CSRF token, and why that is safe (URL prefix → reason).
CSRF_EXEMPT: dict[str, str] = {}


# The walks only read ``people`` and ``world`` (every change is rolled back): one of each for the module.
@pytest.fixture
def people(module_people, db) -> dict:
    return module_people


@pytest.fixture
def world(module_world, db) -> World:
    return module_world


#: Tables a refused request may write to without changing anything that matters: the visitor's own
#: session (e.g. a "please log in" message) and the attempt counters of the rate limits.
HARMLESS_TABLES = ("django_session", "portal_ratelimitcounter")
WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)", re.IGNORECASE)


def writes_in(queries: list[dict[str, str]]) -> list[str]:
    """The statements of a request that wrote to the database, outside the harmless tables.

    Watching the SQL the request ran catches a change to any table (not only those a digest would
    read), and costs nothing per request, where reading every table again after each of the
    thousands of attempts took minutes.
    """
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(2).lower() not in HARMLESS_TABLES:
            found.append(query["sql"][:160])
    return found


def send(client, method: str, url: str, with_token: bool):
    """One attempt, rolled back, so each starts from the same stored state: (response, the writes it made)."""
    headers = {"HTTP_X_CSRFTOKEN": CSRF_TOKEN} if with_token else {}
    data = {"csrfmiddlewaretoken": CSRF_TOKEN} if with_token and method == "post" else {}
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data, **headers)
        transaction.set_rollback(True)
    return response, writes_in(captured.captured_queries)


#: Roles sent every unsafe method without a token; the others send POST. Django's CSRF check treats
#: POST, PUT, PATCH and DELETE alike (one "unsafe method" branch, before the view), so repeating the
#: three others for all eight roles cost the suite a minute and could catch nothing POST does not;
#: one visitor and one member of staff still send all four, in case a middleware ever branches on them.
ALL_METHODS_FOR = ("anonymous", "administrator")


def every_cell(people, world) -> list[tuple[str, str]]:
    """(url, access class) of every plain URL and every sample, once each."""
    return distinct_cells([(url, None) for url in plain_urls()] + sample_urls(world, people))


# One test per role: the workers of ``make test`` share the walks.
@pytest.mark.embedded
@pytest.mark.parametrize("role", ROLES)
def test_no_state_changing_request_without_a_csrf_token(people, world, role):
    client = post_client(people[role], with_token=False)
    wrong = []
    for url, _access in every_cell(people, world):
        for method in METHODS if role in ALL_METHODS_FOR else ("post",):
            response, changed = send(client, method, url, with_token=False)
            exempt = next((why for prefix, why in CSRF_EXEMPT.items() if url.startswith(prefix)), None)
            if changed:
                wrong.append(f"{role:16} {method.upper()} {url} without a token CHANGED stored data: {changed[0]}")
            elif response.status_code != 403 and not exempt and outcome(response) not in REFUSALS - {table.REFUSED}:
                wrong.append(f"{role:16} {method.upper()} {url} without a token: {response.status_code}, "
                             f"not refused (list it in CSRF_EXEMPT with the reason, or protect it)")
    assert not wrong, f"{len(wrong)} requests without a CSRF token were not refused:\n  " + "\n  ".join(wrong)


def may_not_read(role: str, cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The cells where ``role`` may not read: it may not write either. Where it may read (or a POST-only view,
    whose GET is 405), writing is the view's own rule, tested with the view."""
    return [(url, access) for url, access in cells if access != table.LOGOUT
            and table.NOT_ALLOWED not in table.EXPECTED[access][role] and table.EXPECTED[access][role] <= REFUSALS]


def test_the_write_walk_covers_the_site(people, world):
    """Eight roles × the admin, the accounts, the submissions: the walk below really covers the site."""
    cells = every_cell(people, world)
    assert sum(len(may_not_read(role, cells)) * len(METHODS) for role in ROLES) > 1000
    assert all(may_not_read(role, cells) for role in ROLES if role != "administrator")


@pytest.mark.embedded
@pytest.mark.parametrize("role", ROLES)
def test_what_a_role_may_not_read_it_may_not_write(people, world, role):
    client = post_client(people[role], with_token=True)
    wrong = []
    for url, access in may_not_read(role, every_cell(people, world)):
        for method in METHODS:
            response, changed = send(client, method, url, with_token=True)
            got = outcome(response)
            if changed or got not in REFUSALS:
                wrong.append(f"{role:16} {method.upper()} {url}  [{access}] got {got} ({response.status_code})"
                             f"{', CHANGED stored data: ' + changed[0] if changed else ''}: may not read, so may not write")
    assert not wrong, f"{len(wrong)} writes by roles that may not read:\n  " + "\n  ".join(wrong)


@pytest.mark.django_db
def test_the_write_watch_sees_a_change_and_ignores_the_session():
    """The matrix's detector: a row written to any table counts; the visitor's session does not."""
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore

    with CaptureQueriesContext(connection) as captured:
        SessionStore().save()
    assert writes_in(captured.captured_queries) == []
    with CaptureQueriesContext(connection) as captured:
        Group.objects.create(name="Forged group")
    assert any("auth_group" in sql for sql in writes_in(captured.captured_queries))
