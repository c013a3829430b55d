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
