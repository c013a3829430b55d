"""The catalogue's remembered route (``showcase.catalogue_route``) saves Wagtail's routing and never outlives a change.

A restriction added to the catalogue, an unpublish and a new title are each obeyed by the very
next request, after the route was remembered (the third request is the first answered from it).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from showcase.models import CataloguePage, ThesaurusEntry
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def catalogue(settings) -> CataloguePage:
    settings.ELASTICSEARCH_URL = ""
    factories.use_case(title="Roadside cameras for stolen cars")
    return CataloguePage.objects.get()


def remembered(client, url: str = "/cases/") -> tuple[int, int]:
    """(statements of a request that routes, statements of one answered from the remembered route)."""
    client.get(url)  # the address is learnt to be the catalogue
    with CaptureQueriesContext(connection) as routed:
        assert client.get(url).status_code == 200  # routed by Wagtail, remembered under the current stamp
    with CaptureQueriesContext(connection) as from_memo:
        assert client.get(url).status_code == 200
    return len(routed), len(from_memo)


def test_the_remembered_route_saves_wagtails_routing_statements(client, catalogue):
    routed, from_memo = remembered(client)
    # Every page's site and route are remembered too (showcase.request_site), which loads the page by id:
    # the catalogue's route keeps the page object itself, one statement less.
    assert from_memo < routed
    assert "Roadside cameras for stolen cars" in client.get("/cases/").content.decode()
    routed_fr, from_memo_fr = remembered(client, "/fr/cases/")
    assert from_memo_fr < routed_fr


def test_a_restriction_added_to_the_catalogue_is_obeyed_by_the_next_request(client, catalogue):
    remembered(client)
    PageViewRestriction.objects.create(page=catalogue, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/cases/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unpublished_or_renamed_catalogue_shows_so_on_the_next_request(client, catalogue):
    remembered(client)
    catalogue.title = "Law enforcement AI cases"
    catalogue.save_revision().publish()
    assert "Law enforcement AI cases" in client.get("/cases/").content.decode()
    catalogue.refresh_from_db()
    catalogue.unpublish()
    assert client.get("/cases/").status_code == 404


def test_other_addresses_and_writes_are_routed_as_before(client, catalogue):
    remembered(client)
    assert client.get("/cases/suggest/", {"q": "roadside"}).status_code == 200
    assert client.post("/cases/").status_code in (200, 403, 405)


def test_a_thesaurus_entry_saved_applies_to_the_next_search_page(client, catalogue, settings):
    # The results cache off: the thesaurus's own freshness check (by the stamp this request read) is what is tested.
    settings.CATALOGUE_RESULTS_CACHE = False
    url = "/cases/?q=kerbside"
    remembered(client, url)
    assert "Roadside cameras for stolen cars" not in client.get(url).content.decode()
    ThesaurusEntry.objects.create(terms="kerbside, roadside")
    assert "Roadside cameras for stolen cars" in client.get(url).content.decode()


def test_remembered_routes_stay_bounded(client, catalogue, monkeypatch):
    from showcase import catalogue_route

    monkeypatch.setattr(catalogue_route, "MAX_ROUTES", 2)
    for url in ("/cases/", "/fr/cases/", "/es/cases/", "/cases//", "/cases/?page=" + "9" * 50):
        for _ in range(2):
            assert client.get(url).status_code in (200, 404)
    assert len(catalogue_route._catalogue_addresses) <= 2 and len(catalogue_route._routes) <= 2


@pytest.fixture
def programme():
    from datetime import date, time

    from tests import meeting_factories as mf

    return mf.meeting(title="Remembered meeting", sessions=[(date(2030, 3, 4), time(14), time(15))])


def test_the_programme_route_is_remembered_and_obeys_the_next_change(client, programme):
    routed, from_memo = remembered(client, programme.url)
    assert from_memo <= routed - 3
    programme.title = "Renamed meeting"
    programme.save_revision().publish()
    assert "Renamed meeting" in client.get(programme.url).content.decode()
    remembered(client, programme.url)
    PageViewRestriction.objects.create(page=programme, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(programme.url)
    assert response.status_code == 302 and "login" in response["Location"]
    PageViewRestriction.objects.filter(page=programme).delete()
    remembered(client, programme.url)
    programme.refresh_from_db()
    programme.unpublish()
    assert client.get(programme.url).status_code == 404


def test_the_programmes_calendar_routes_are_routed_as_before(client, programme):
    remembered(client, programme.url)
    for _ in range(3):
        response = client.get(programme.url + "calendar/")
        assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.content


def test_a_case_pages_route_is_remembered_and_obeys_the_next_change(catalogue):
    from django.test import Client

    case = factories.use_case(title="ROUTED case", via_revision=True)
    attendee, member = Client(), Client()
    attendee.force_login(factories.attendee())
    member.force_login(factories.user())
    routed, from_memo = remembered(attendee, case.url)
    assert from_memo <= routed - 3
    remembered(member, case.url)
    case.title = "ROUTED case, renamed"
    case.save_revision().publish()
    assert "ROUTED case, renamed" in attendee.get(case.url).content.decode()
    remembered(attendee, case.url)
    case.refresh_from_db()
    case.visibility = "attendees"
    case.save_revision().publish()
    assert "ROUTED case, renamed" in attendee.get(case.url).content.decode()
    refused = member.get(case.url)  # a signed-in person who is not an attendee: told so (showcase.wagtail_hooks)
    assert refused.status_code == 403 and "ROUTED case" not in refused.content.decode()
    remembered(attendee, case.url)
    case.refresh_from_db()
    case.unpublish()
    assert attendee.get(case.url).status_code == 404


def test_the_catalogue_stays_remembered_beside_case_pages(client, catalogue, monkeypatch):
    from showcase import catalogue_route

    monkeypatch.setattr(catalogue_route, "MAX_ROUTES", 3)
    cases = [factories.use_case(title=f"Bounded case {n}") for n in range(4)]
    _routed, catalogue_from_memo = remembered(client)
    for case in cases:
        remembered(client, case.url)
        with CaptureQueriesContext(connection) as again:
            assert client.get("/cases/").status_code == 200  # asked for again: kept, the oldest case goes
        assert len(again) <= catalogue_from_memo
    assert len(catalogue_route._catalogue_addresses) <= 3 and len(catalogue_route._routes) <= 3
