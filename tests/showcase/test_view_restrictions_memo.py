"""View restrictions remembered per catalogue stamp during page requests (``showcase.models.view_restrictions``).

Each test first lets the page's restrictions be remembered (three requests: the first of a stamp drops the
memos, see tests/showcase/test_request_site.py), then changes them the way editors and code do, and the very
next request must obey the change. Who passes is still decided per request.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from showcase.visibility import attendees_group
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def case(settings):
    settings.ELASTICSEARCH_URL = ""
    return factories.use_case(title="Roadside cameras for stolen cars")


def restriction_statements(client: Client, url: str, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == status
    # The statements of Page.get_view_restrictions: the ancestors' alias links, the restrictions, their groups.
    # (The related cases' visibility filter has its own subquery on restrictions: not these.)
    marks = ('"wagtailcore_page"."alias_of_id" FROM', '"wagtailcore_pageviewrestriction"."password"',
             'FROM "auth_group" INNER JOIN "wagtailcore_pageviewrestriction_groups"')
    return sum(any(mark in query["sql"] for mark in marks) for query in queries)


def remember(client: Client, url: str, status: int = 200) -> None:
    for _ in range(3):
        client.get(url)
    assert restriction_statements(client, url, status) == 0  # answered from the memo


def test_restrictions_are_read_once_per_stamp_and_a_group_restriction_added_is_obeyed(client, case):
    remember(client, case.url)
    case.visibility = "attendees"
    case.save_revision().publish()
    response = client.get(case.url)
    assert response.status_code == 302 and "login" in response["Location"]
    attendee = Client()
    attendee.force_login(factories.attendee())
    assert attendee.get(case.url).status_code == 200
    other = Client()
    other.force_login(factories.user("someone@example.org"))
    assert other.get(case.url).status_code == 403


def test_a_restriction_removed_or_its_groups_changed_is_obeyed_by_the_next_request(client, case):
    restriction = PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(attendees_group())
    attendee = Client()
    attendee.force_login(factories.attendee())
    remember(attendee, case.url)
    restriction.groups.set([Group.objects.create(name="Organisers of another meeting")])
    assert attendee.get(case.url).status_code == 403
    remember(client, case.url, status=302)
    restriction.delete()
    assert client.get(case.url).status_code == 200


def test_a_password_restriction_still_asks_every_visitor(client, case):
    remember(client, case.url)
    PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")
    for _ in range(3):
        response = client.get(case.url)
        assert response.status_code == 200 and 'name="password"' in response.content.decode()
        assert "Roadside cameras for stolen cars" not in response.content.decode().split("<main", 1)[-1]


def test_outside_a_page_request_the_restrictions_are_read_from_the_database(client, case):
    remember(client, case.url)
    assert not case.get_view_restrictions().exists()
    PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.LOGIN)
    assert case.get_view_restrictions().exists()


def test_the_remembered_query_set_is_shared_read_only_and_filtering_it_asks_the_database(case):
    from showcase.models.catalogue_stamp import REQUEST_STAMP, current_stamp

    PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.LOGIN)
    token = REQUEST_STAMP.set(current_stamp())
    try:
        first = case.get_view_restrictions()
        assert [r.restriction_type for r in first] == [PageViewRestriction.LOGIN]
        with CaptureQueriesContext(connection) as queries:
            again = case.get_view_restrictions()
            assert again.exists() and len(again) == 1  # the remembered rows: no statement
        assert len(queries) == 0
        with CaptureQueriesContext(connection) as queries:
            assert not again.filter(restriction_type=PageViewRestriction.PASSWORD).exists()  # a clone: it queries
        assert len(queries) == 1
        assert [r.restriction_type for r in case.get_view_restrictions()] == [PageViewRestriction.LOGIN]  # unchanged
    finally:
        REQUEST_STAMP.reset(token)
