"""Opened results: result links carry a signed reference of the search; opening a case counts it once, anonymously."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from showcase.models import QueryOutcome
from showcase.search.clicks import click_token
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def database_only(settings):
    settings.ELASTICSEARCH_URL = ""


def result_links(response) -> list[str]:
    return [unescape(href) for href in re.findall(r'class="case-card__title"><a href="([^"]+)"', response.content.decode())]


def test_result_links_carry_the_same_token_for_everyone_and_opening_counts_once(client, database_only):
    case = factories.use_case(title="Drone surveys for illegal logging", summary="Drones film protected forests.")
    links = result_links(client.get("/cases/?q=drone+surveys"))
    assert len(links) == 1 and links[0].startswith(case.url + "?from=")
    # Another visitor, logged in, asking the same question the same day gets the very same link: no per-person data.
    other = client_class_copy(client)
    other.force_login(factories.attendee())
    assert result_links(other.get("/cases/?q=DRONE  surveys")) == links
    assert result_links(client.get("/cases/")) == [case.url]  # no query, nothing to count

    opened = client.get(links[0])
    assert opened.status_code == 302 and opened["Location"] == case.url  # the case at its own address
    assert "no-cache" in opened["Cache-Control"] or "max-age=0" in opened["Cache-Control"]
    assert QueryOutcome.objects.get().opened == 1
    page = client.get(case.url)
    assert page.status_code == 200 and "from=" not in page.content.decode()
    assert "Cache-Control" not in page or "private" not in page["Cache-Control"]  # unchanged by the counting
    client.get(links[0])
    assert QueryOutcome.objects.get().opened == 2  # once per open
    columns = {c.name for c in connection.introspection.get_table_description(connection.cursor(), "showcase_queryoutcome")}
    assert not columns & {"user_id", "ip", "ip_address", "session_key", "user_agent"}


def client_class_copy(client):
    return type(client)()


def test_a_result_opened_from_page_two_counts_for_the_first_pages_search(client, database_only):
    for n in range(25):
        factories.use_case(title=f"Drone survey number {n}", summary="Drones film protected forests.")
    client.get("/cases/?q=drone")
    links = result_links(client.get("/cases/?q=drone&page=2"))
    assert links and "from=" in links[0]
    client.get(links[0])
    outcome = QueryOutcome.objects.get()
    assert (outcome.searches, outcome.opened) == (1, 1)


def test_opening_costs_one_update(client, database_only):
    case = factories.use_case()
    client.get("/cases/?q=" + case.title.split()[0])
    token = QueryOutcome.objects.get().pk
    with CaptureQueriesContext(connection) as queries:
        client.get(case.url, {"from": click_token(token)})
    assert len([q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]) == 1


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        "1",
        "1:forged-signature",
        "abc:def:ghi",
        "x" * 5000,
        "١:" + "a" * 43,  # a non-ASCII digit
        "' OR 1=1 --",
        "%00",
        "<script>alert(1)</script>",
    ],
)
def test_forged_malformed_and_huge_tokens_change_nothing_and_still_show_the_case(client, database_only, hostile):
    case = factories.use_case()
    client.get("/cases/?q=" + case.title.split()[0])
    answer = client.get(case.url, {"from": hostile})
    assert answer.status_code == 302 and answer["Location"] == case.url
    assert client.get(answer["Location"]).status_code == 200
    assert QueryOutcome.objects.get().opened == 0


def test_a_token_signed_for_something_else_or_for_a_stale_search_counts_nothing(client, database_only, settings):
    from django.core import signing

    case = factories.use_case()
    client.get("/cases/?q=" + case.title.split()[0])
    outcome = QueryOutcome.objects.get()
    client.get(case.url, {"from": signing.Signer().sign(str(outcome.pk))})  # another salt
    client.get(case.url, {"from": signing.Signer(salt="showcase.search.opened", key="other").sign(str(outcome.pk))})
    client.get(case.url, {"from": click_token(outcome.pk + 1000)})  # no such search
    QueryOutcome.objects.filter(pk=outcome.pk).update(date=timezone.localdate() - timedelta(days=2))
    client.get(case.url, {"from": click_token(outcome.pk)})  # too old
    assert QueryOutcome.objects.get().opened == 0


def test_an_attendees_only_case_counts_only_for_those_who_may_see_it(client, database_only):
    case = factories.use_case(title="Covert forest watch", summary="Timber.", visibility="attendees")
    attendee = factories.attendee()
    client.force_login(attendee)
    links = result_links(client.get("/cases/?q=covert+forest"))
    client.logout()
    assert client.get(links[0]).status_code == 302
    assert QueryOutcome.objects.get().opened == 0
    client.force_login(attendee)
    assert client.get(links[0])["Location"] == case.url
    assert QueryOutcome.objects.get().opened == 1


def test_the_redirect_keeps_other_parameters_and_never_leaves_the_site(client, database_only):
    case = factories.use_case()
    answer = client.get(case.url, {"from": "x", "utm": "a"})
    assert answer["Location"] == case.url + "?utm=a"
    # A path of "//host/…" or "/\\host/…" (which a client cannot even send through the test client) stays on the site.
    from django.test import RequestFactory

    from showcase.wagtail_hooks import count_opened_search_result

    for hostile_path in ("//evil.example/cases/x/", "/\\evil.example/", "///\\/evil.example/"):
        request = RequestFactory().get("/", {"from": "x"})
        request.path = hostile_path
        location = count_opened_search_result(case, request, (), {})["Location"]
        assert location.startswith("/") and location[1:2] not in ("/", "\\"), location
