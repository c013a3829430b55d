"""Wagtail's site remembered per catalogue stamp (``showcase.request_site``): fewer statements, never stale, never kept.

A page request reads the catalogue stamp once and takes the site found under it before; a site
changed (its root page, its hostname) is obeyed by the next request, because the change moves the
stamp. The stamp a request kept never outlives it: the next request on the same thread reads its own
(a stamp left behind would key every cache of later requests on a stale value).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from showcase.search.stamp import known_stamp
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def case(settings):
    settings.ELASTICSEARCH_URL = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "cases.example.org"]
    return factories.use_case(title="Roadside cameras for stolen cars")


def site_statements(client, url: str, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **extra).status_code == 200
    return sum('"wagtailcore_site"' in query["sql"] for query in queries)


def test_the_site_is_found_once_per_stamp_for_readers_of_every_kind(client, case):
    assert site_statements(client, case.url) >= 1
    # Found and remembered; the first request also reloaded the taxonomy names for the new stamp, which drops
    # every memo of rows with them (showcase.search.taxonomy_names.invalidate_labels): so one more.
    site_statements(client, case.url)
    assert site_statements(client, case.url) == 0
    client.force_login(factories.attendee())
    assert site_statements(client, case.url) == 0
    assert site_statements(client, "/cases/") == 0


def test_a_site_given_another_root_page_is_obeyed_by_the_next_request(client, case):
    second = factories.use_case(title="Drone footage triage")
    other = Site.objects.create(hostname="cases.example.org", port=80, root_page=case, site_name="Cases")
    headers = {"HTTP_HOST": "cases.example.org"}
    for _ in range(3):  # remembered (see the first test)
        assert client.get("/", **headers).context["page"].pk == case.pk
    assert site_statements(client, "/", **headers) == 0
    other.root_page = second
    other.save()
    assert client.get("/", **headers).context["page"].pk == second.pk


def test_a_site_removed_is_not_served_from_memory(client, case):
    other = Site.objects.create(hostname="cases.example.org", port=80, root_page=case, site_name="Cases")
    headers = {"HTTP_HOST": "cases.example.org"}
    for _ in range(3):
        assert client.get("/", **headers).context["page"].pk == case.pk
    other.delete()
    # The default site answers the host now: its home page, not the case.
    response = client.get("/", **headers)
    assert response.status_code == 200 and response.context["page"].pk == Site.objects.get().root_page_id != case.pk


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_stamp_read_for_a_request_is_forgotten_when_it_ends(client, case, signed_in):
    if signed_in:
        client.force_login(factories.attendee())
    for url in (case.url, "/cases/", "/cases/", "/cases/?q=roadside", case.url):
        client.get(url)
        assert known_stamp() is None, url


# --- Routes ------------------------------------------------------------------------------------


def page_statements(client, url: str) -> int:
    """Statements that read page rows (Wagtail's routing walks the tree with them)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('FROM "wagtailcore_page"' in query["sql"] or 'JOIN "wagtailcore_page"' in query["sql"]
               for query in queries)


def remembered(client, url: str) -> tuple[int, int]:
    """(page statements of a request that routes, of one answered from the remembered route)."""
    routed = page_statements(client, url)
    page_statements(client, url)  # (the first request of a stamp drops the memos: see the first test)
    return routed, page_statements(client, url)


def test_a_case_page_route_is_remembered_and_obeys_an_unpublish_at_once(client, case):
    routed, from_memory = remembered(client, case.url)
    assert from_memory <= routed - 2
    case.refresh_from_db()
    case.unpublish()
    assert client.get(case.url).status_code == 404


def test_a_restriction_added_after_the_route_was_remembered_is_obeyed(client, case):
    from wagtail.models import PageViewRestriction

    remembered(client, case.url)
    PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(case.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_renamed_case_and_a_new_address_show_on_the_next_request(client, case):
    old_url = case.url
    remembered(client, old_url)
    case.title = "Roadside cameras, second edition"
    case.slug = "roadside-cameras-second-edition"
    case.save_revision().publish()
    case.refresh_from_db()
    assert client.get(old_url).status_code in (301, 302, 404)  # asked first: nothing else dropped the memo
    assert "Roadside cameras, second edition" in client.get(case.url).content.decode()


def test_a_routable_page_from_memory_serves_its_own_view_on_this_requests_page(client, case):
    from tests.meeting_factories import meeting

    programme = meeting(title="Global Meeting on AI")
    routed, from_memory = remembered(client, programme.url)
    assert from_memory < routed
    programme.title = "Global Meeting on AI, Lyon"
    programme.save_revision().publish()
    assert "Global Meeting on AI, Lyon" in client.get(programme.url).content.decode()
