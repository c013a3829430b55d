"""Every URL of the site, for every role: the answer the classification table expects, and no leak.

The table is tests/security/url_classification.py. A URL pattern nobody
classified fails ``test_every_url_pattern_is_classified`` with its name, so a
new URL cannot ship without a decision about who may open it.

The walk requests (GET) every pattern that needs no argument, and a sample
of parameterised URLs filled with real objects (a submission of each
organisation, a published, an attendees-only and a draft case, a snippet, an
image, a document, users, groups, the workflow), as eight roles. Each answer
must be one the table allows; every page a role may read is also searched for
what that role must never see.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from . import url_classification as table
from .conftest import PRIVATE_DRAFT_TITLE, ROLES, World, client_for

#: The marker put in the home organisation's submission (contact person): confidential.
HOME_CONFIDENTIAL = "CONFIDENTIAL-HOME-ORGANISATION-CONTACT"
ATTENDEES_ONLY_TITLE = "ATTENDEES-ONLY case"
DRAFT_TITLE = "DRAFT case never published"


# The walks only read ``people`` and ``world`` (every change is rolled back): one of each for the module.
@pytest.fixture
def people(module_people, db) -> dict:
    return module_people


@pytest.fixture
def world(module_world, db) -> World:
    return module_world


#: Who may see what (roles not listed must never meet the text in any answer).
MAY_SEE = {
    HOME_CONFIDENTIAL: {"submitter", "colleague", "reviewer", "editor", "administrator"},
    ATTENDEES_ONLY_TITLE: {"attendee", "reviewer", "editor", "administrator"},
    # Never submitted: the draft belongs to its submitter (nobody owns this one); staff never meet it.
    DRAFT_TITLE: set(),
    PRIVATE_DRAFT_TITLE: {"other_submitter"},
}


def url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[str, str | None, Callable]]:
    """(route, namespaced name or None, view) for every pattern, recursively (includes, namespaces)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from url_patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(namespaces + (pattern.name,)) if pattern.name else None
            yield prefix + str(pattern.pattern), name, pattern.callback


def view_module(view: Callable) -> str:
    view = getattr(view, "view_class", None) or getattr(view, "cls", None) or view
    return getattr(view, "__module__", "") or ""


def label(route: str, name: str | None) -> str:
    return f"{name or '(unnamed)'} — /{route}"


# --- The table covers everything -----------------------------------------------------------------


def test_every_url_pattern_is_classified():
    unclassified = [label(route, name) for route, name, _view in url_patterns() if table.classify(route, name) is None]
    assert not unclassified, (
        "URL patterns missing from tests/security/url_classification.py (decide who may open them):\n  "
        + "\n  ".join(unclassified)
    )


def test_our_own_views_are_classified_one_by_one():
    """A prefix rule may cover Wagtail's admin, never a view of ours (except the open-data URLs)."""
    by_prefix = [
        label(route, name)
        for route, name, view in url_patterns()
        if view_module(view).startswith(table.OUR_APPS)
        and table.classified_by_prefix_only(route, name)
        and not table.is_open_data(route)
    ]
    assert not by_prefix, "Classify these views of ours by name in BY_NAME:\n  " + "\n  ".join(by_prefix)


def test_every_access_class_says_what_each_role_gets():
    classes = {value for value in (*table.BY_NAME.values(), *table.BY_ROUTE.values(), *table.BY_PREFIX.values())}
    for access in classes - {table.LOGOUT, table.PAGE_TREE}:
        assert set(table.EXPECTED[access]) == set(ROLES), access


# --- The walk ----------------------------------------------------------------------------------------

#: Patterns not requested in the walk, and why.
NOT_WALKED = {
    table.LOGOUT: "a GET would end the session the walk relies on (Wagtail deletes the cookie even on 405)",
    table.PAGE_TREE: "the answer depends on the page: the samples request a page of each kind",
}


def _is_plain(route: str) -> bool:
    return not re.search(r"[<>()\\^$*?\[]", route)


def plain_urls() -> list[str]:
    urls = []
    for route, name, _view in url_patterns():
        access = table.classify(route, name)
        if _is_plain(route) and access not in NOT_WALKED:
            urls.append("/" + route)
    return list(dict.fromkeys(urls))


def sample_urls(world: World, people: dict) -> list[tuple[str, str | None]]:
    """Parameterised URLs filled with real objects: (url, access class when the pattern's class is not enough)."""
    from django.contrib.auth.models import Group
    from wagtail.models import TaskState, Workflow

    from moderation.models import ProblemReport
    from portal.models import SavedSearch
    from tests import meeting_factories

    submission, page = world.submission, world.submission.page
    task_state = TaskState.objects.filter(workflow_state__base_content_type__isnull=False).first()
    meeting = meeting_factories.meeting(title="Matrix meeting")
    report = ProblemReport.objects.create(page=world.published_case, reason="other", description="A matrix report")
    alert = SavedSearch.objects.create(user=people["submitter"], query_string="q=matrix")
    samples: list[tuple[str, str | None]] = [
        # The page tree (Wagtail's serve view)
        ("/", table.PAGE_PUBLIC),
        ("/cases/", table.PAGE_PUBLIC),
        (world.published_case.url, table.PAGE_PUBLIC),
        (world.attendees_case.url, table.PAGE_ATTENDEES),
        (f"/cases/{world.draft_case.slug}/", table.PAGE_DRAFT),
        (f"/cases/{page.slug}/", table.PAGE_DRAFT),  # the submission's draft page
        # The portal
        (reverse("accounts:verify", args=["not-a-real-token"]), None),
        (reverse("accounts:password_reset_confirm", args=["MQ", "not-a-real-token"]), None),
        (reverse("submit:step", args=[submission.pk, "use-case"]), None),
        (reverse("submit:step", args=[submission.pk, "check"]), None),
        (reverse("submit:remove_image", args=[submission.pk, world.image_in_submission.pk]), None),
        (reverse("submissions:detail", args=[submission.pk]), None),
        (reverse("submissions:submitted", args=[submission.pk]), None),
        (reverse("submissions:withdraw", args=[submission.pk]), None),
        (reverse("accounts:confirm_colleague", args=[people["colleague"].pk]), None),
        (reverse("accounts:refuse_colleague", args=[people["colleague"].pk]), None),
        (reverse("memberships:confirm", args=[people["colleague"].pk]), None),
        (reverse("memberships:refuse", args=[people["colleague"].pk]), None),
        (reverse("two_factor_admin:reset", args=[people["submitter"].pk]), None),
        # The meeting and the living catalogue
        (reverse("portal:meeting_register", args=[meeting.pk]), None),
        (reverse("meeting_registrations:decide", args=[meeting.pk]), None),
        (reverse("meeting_registrations:import", args=[meeting.pk]), None),
        (reverse("report_problem", args=[world.published_case.pk]), None),
        (reverse("submissions:confirm_accurate", args=["not-a-signed-token"]), None),
        (reverse("accounts:change_search_alert", args=[alert.pk]), None),
        (reverse("accounts:delete_search_alert", args=[alert.pk]), None),
        (reverse("accounts:unsubscribe_search_alerts", args=["not-a-signed-token"]), None),
        (reverse("submissions:retire", args=[submission.pk]), None),
        (reverse("problem_reports:edit", args=[report.pk]), None),
        # Moderation
        (reverse("moderation:claim", args=[page.pk]), None),
        (reverse("moderation:release", args=[page.pk]), None),
        (reverse("moderation:evidence", args=[page.pk]), None),
        (reverse("moderation:decision_made", args=[1]), None),
        # Open data: the attendees-only case is not in the public API
        (reverse("api-v1:case_detail", args=[world.published_case.slug]), None),
        (reverse("data_file", args=["catalogue-2026-01-04.csv"]), None),  # no such snapshot: 404 for everyone
        # Register exports (issue 17): the public API's (any filtered set), and one case's (owners and editors)
        (reverse("api-v1:register_export") + "?format=uk-atrs", None),
        (reverse("submissions:register_export", args=[world.published_case.pk, "eu-annex-viii"]), None),
        # Wagtail's admin, with real objects
        (reverse("wagtailadmin_pages:edit", args=[page.pk]), table.WAGTAIL_STAFF),
        (reverse("wagtailadmin_pages:edit", args=[world.attendees_case.pk]), table.WAGTAIL_STAFF),
        (reverse("wagtailadmin_pages:history", args=[page.pk]), None),
        (reverse("wagtailadmin_pages:workflow_history", args=[page.pk]), None),
        (reverse("wagtailadmin_explore", args=[world.published_case.get_parent().pk]), table.WAGTAIL_STAFF),
        (reverse("wagtailadmin_explore", args=[world.published_case.get_parent().pk]) + "?q=case", table.WAGTAIL_STAFF),
        (reverse("wagtailadmin_pages:search") + "?q=case", table.WAGTAIL_STAFF),
        (reverse("wagtailadmin_choose_page_child", args=[world.published_case.get_parent().pk]), table.WAGTAIL_STAFF),
        (reverse("wagtailadmin_choose_page_search") + "?q=case", table.WAGTAIL_STAFF),
        *private_draft_samples(world.other_submission.page),
        *private_draft_samples(world.draft_case),
        (reverse("case_drafts:list"), None),
        (reverse("case_drafts:open", args=[world.other_submission.page_id]), None),
        (reverse("wagtailadmin_pages:delete", args=[world.published_case.pk]), None),
        (reverse("wagtailadmin_pages:unpublish", args=[world.published_case.pk]), None),
        (reverse("wagtailsnippets_moderation_criterion:edit", args=[world.snippet.pk]), table.WAGTAIL_EDITOR),
        (reverse("wagtailsnippets_moderation_criterion:delete", args=[world.snippet.pk]), None),
        (reverse("wagtailimages:edit", args=[world.image.pk]), table.WAGTAIL_EDITOR),
        (reverse("wagtaildocs:edit", args=[world.document.pk]), table.WAGTAIL_EDITOR),
        (reverse("wagtailusers_users:edit", args=[people["submitter"].pk]), None),
        (reverse("wagtailusers_users:delete", args=[people["colleague"].pk]), None),
        (reverse("wagtailusers_groups:edit", args=[Group.objects.get(name="Attendees").pk]), None),
        (reverse("wagtailadmin_workflows:edit", args=[Workflow.objects.first().pk]), None),
        (reverse("wagtaildocs_serve", args=[world.document.pk, world.document.filename]), table.STAFF_DOCUMENT),
        # Django's admin, with real objects
        ("/django-admin/portal/", table.DJANGO_ADMIN_SUPERUSER),
        (reverse("admin:portal_submission_change", args=[submission.pk]), None),
        (reverse("admin:portal_user_change", args=[people["submitter"].pk]), None),
        (reverse("admin:portal_outboxemail_changelist"), None),
    ]
    if "media" in {name for _route, name, _view in url_patterns()}:
        samples.append((world.image.file.url, None))
    if task_state is not None:
        samples.append((reverse("moderation:already_decided", args=[task_state.pk]), None))
    return samples


def private_draft_samples(page) -> list[tuple[str, str | None]]:
    """Admin URLs naming a never-submitted draft: staff get 404, as if it did not exist."""
    pages = "wagtailadmin_pages"
    by_page = ("edit", "preview_on_edit", "view_draft", "history", "revisions_index", "workflow_history", "usage",
               "copy", "move", "delete", "set_privacy")
    urls = [reverse(f"{pages}:{name}", args=[page.pk]) for name in by_page]
    urls += [
        reverse(f"{pages}:revisions_view", args=[page.pk, getattr(page.get_latest_revision(), "pk", 0)]),
        reverse(f"{pages}:revisions_compare", args=[page.pk, "earliest", "latest"]),
        reverse("wagtailadmin_explore", args=[page.pk]),
        reverse("wagtailadmin_choose_page_child", args=[page.pk]),
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={page.pk}",
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={page.pk}",
        f"/admin/api/main/pages/{page.pk}/",
    ]
    return [(url, table.PRIVATE_DRAFT_ADMIN) for url in urls]


#: Parameterised views of ours that the samples must fill in (a new one must be added to the samples).
def our_parameterised_names() -> set[str]:
    return {
        name
        for route, name, view in url_patterns()
        if name and not _is_plain(route) and view_module(view).startswith(table.OUR_APPS)
        and table.classify(route, name) not in NOT_WALKED
    }


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        if target.startswith("/admin/login/"):
            return table.ADMIN_LOGIN
        if target.startswith("/django-admin/login/"):
            return table.DJANGO_LOGIN
        if target.startswith(("/accounts/login/", "/_util/login/")):
            return table.LOGIN
        if target == "/admin/":  # Wagtail's "you do not have permission": back to the dashboard
            return table.REFUSED
        return table.AWAY
    by_status = {200: table.OK, 400: table.BAD_REQUEST, 403: table.REFUSED, 404: table.NOT_FOUND,
                 405: table.NOT_ALLOWED, 500: table.SERVER_ERROR}
    return by_status.get(code, str(code))


def access_of(url: str) -> str | None:
    match = resolve(urlsplit(url).path)
    return table.classify(match.route, match.view_name if match.url_name else None)


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def walk(work: list[tuple[str, str | None]], role: str, people: dict) -> tuple[list[str], list[str], dict[str, str]]:
    """GET every URL of ``work`` as ``role``: (answers the table does not allow, leaks, url → answer)."""
    client = client_for(people[role], raise_request_exception=False)
    wrong, leaks, answers = [], [], {}
    for url, override in work:
        access = override or access_of(url)
        response = client.get(url)
        got = answers[url] = outcome(response)
        allowed = table.EXPECTED[access][role]
        if got not in allowed:
            wrong.append(f"{role:16} GET {url}  [{access}] got {got} ({response.status_code}), expected {sorted(allowed)}")
        if response.status_code == 200:
            text = body_text(response)
            leaks += [f"{role} GET {url} shows {marker!r}" for marker, who in MAY_SEE.items()
                      if role not in who and marker in text]
    return wrong, leaks, answers


def matrix_work(people, world, *, open_data: bool) -> list[tuple[str, str | None]]:
    """The walk's URLs (the plain patterns and the samples), the open data ones or all the others."""
    from portal.models import Submission

    Submission.objects.filter(pk=world.submission.pk).update(contact_name=HOME_CONFIDENTIAL)
    work = distinct_cells([(url, None) for url in plain_urls()] + sample_urls(world, people))
    return [(url, access) for url, access in work if (access == table.API_PUBLIC) == open_data]


def distinct_cells(work: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """(url, access class) once each: a plain URL that is also a sample (the drafts list, the outbox) is one cell."""
    return list(dict.fromkeys((url, override or access_of(url)) for url, override in work))


def test_every_parameterised_view_of_ours_has_a_sample(people, world):
    sampled_names = {resolve(urlsplit(url).path).view_name for url, _ in sample_urls(world, people)}
    missing_samples = our_parameterised_names() - sampled_names
    assert not missing_samples, f"add a sample URL for: {sorted(missing_samples)}"


# One test per role (the workers of ``make test`` share the walk); the open data URLs, whose answer must be
# the same for every role, are walked by every role in one test of their own.
@pytest.mark.embedded
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(people, world, role):
    wrong, leaks, _answers = walk(matrix_work(people, world, open_data=False), role, people)
    assert not leaks, "Pages show what the role must not see:\n  " + "\n  ".join(leaks)
    assert not wrong, f"{len(wrong)} answers differ from url_classification.py:\n  " + "\n  ".join(wrong)


@pytest.mark.embedded
def test_open_data_answers_every_role_alike(people, world):
    work = matrix_work(people, world, open_data=True)
    assert work, "the walk has open data URLs"
    wrong, leaks, by_url = [], [], {}
    for role in ROLES:
        role_wrong, role_leaks, answers = walk(work, role, people)
        wrong, leaks = wrong + role_wrong, leaks + role_leaks
        for url, got in answers.items():
            by_url.setdefault(url, set()).add(got)
    wrong += [f"open data {url} answers roles differently: {sorted(got)}" for url, got in by_url.items() if len(got) > 1]
    assert not leaks, "Pages show what the role must not see:\n  " + "\n  ".join(leaks)
    assert not wrong, f"{len(wrong)} answers differ from url_classification.py:\n  " + "\n  ".join(wrong)


# The POST side (every admin page action × every role): test_page_action_matrix.py.
