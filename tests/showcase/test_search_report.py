"""The editors' "Catalogue searches" report: frequent, no-result and unopened queries over a period; who may read it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from showcase.models import QueryOutcome
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

URL = "/admin/catalogue-searches/"


def plant(text: str, days_ago: int, searches: int, zero: int = 0, opened: int = 0, filters: str = "") -> None:
    QueryOutcome.objects.create(
        query=Query.get(text), date=timezone.localdate() - timedelta(days=days_ago), filters=filters,
        searches=searches, zero_results=zero, opened=opened,
    )


@pytest.fixture
def planted():
    plant("facial recognition", 1, 9, opened=4)
    plant("facial recognition", 2, 3, filters="stage=pilot")  # another set of filters, same query
    plant("anpr", 0, 5, opened=0)  # found something 5 times, never opened
    plant("knitting", 3, 2, zero=2)  # found nothing
    plant("drones", 0, 2, opened=0)  # unopened, but asked less often than the threshold
    plant("old question", 40, 50, zero=50)  # outside 30 days, inside 90


def rows(client, **params) -> list[list[str]]:
    answer = client.get(URL, {**params, "export": "csv"})
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content) if answer.streaming else answer.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]


@pytest.fixture
def editor_client(client):
    client.force_login(factories.user(groups=("Editors",)))
    return client


def test_the_three_lists_from_planted_data(editor_client, planted):
    assert rows(editor_client) == [
        ["facial recognition", "12", "0", "4"],
        ["anpr", "5", "0", "0"],
        ["drones", "2", "0", "0"],
        ["knitting", "2", "2", "0"],
    ]
    assert rows(editor_client, list="no-results") == [["knitting", "2", "2", "0"]]
    assert rows(editor_client, list="no-results", period="90") == [
        ["old question", "50", "50", "0"],
        ["knitting", "2", "2", "0"],
    ]
    assert rows(editor_client, list="no-results", period="7")[0][0] == "knitting"
    assert rows(editor_client, list="unopened") == [["anpr", "5", "0", "0"]]  # at least 3 searches with results
    assert [r[0] for r in rows(editor_client, list="unopened", min_searches="2")] == ["anpr", "drones"]
    assert rows(editor_client, period="7", list="unopened", min_searches="6") == []


def test_the_page_links_each_query_to_promoting_a_case(editor_client, planted):
    page = editor_client.get(URL, {"list": "unopened"})
    html = page.content.decode()
    assert page.status_code == 200 and "anpr" in html and "knitting" not in html
    assert f'href="/admin/searchpicks/{Query.objects.get(query_string="anpr").pk}/"' in html
    assert 'name="period"' in html and 'name="list"' in html and 'name="min_searches"' in html  # the choices
    assert URL in editor_client.get("/admin/").content.decode()  # in the Reports menu


@pytest.mark.parametrize(
    "params",
    [
        {"period": "abc"},
        {"period": "99999999999999999999"},
        {"period": "-7"},
        {"min_searches": "99999999999999999999999"},
        {"min_searches": "-1", "list": "unopened"},
        {"min_searches": "١٢", "list": "unopened"},
        {"list": "<script>"},
        {"ordering": "password"},
        {"ordering": "-searches; DROP TABLE x"},
        {"p": "999999"},
    ],
)
def test_hostile_parameters_fall_back_to_the_defaults(editor_client, planted, params):
    answer = editor_client.get(URL, params)
    assert answer.status_code in (200, 404)  # a page number past the end is Wagtail's 404
    if "p" not in params:
        assert rows(editor_client, **params)  # the defaults: the last 30 days
    assert QueryOutcome.objects.count() == 6


@pytest.mark.parametrize("groups", [("Reviewers",), (), ("Attendees",)])
def test_reviewers_submitters_and_attendees_are_refused(client, planted, groups):
    client.force_login(factories.user(groups=groups))
    answer = client.get(URL)
    assert answer.status_code in (302, 403)
    assert "anpr" not in answer.content.decode()
    if answer.status_code == 302:
        assert "catalogue-searches" not in answer["Location"].split("?")[0]
    assert client.get(URL, {"export": "csv"}).status_code in (302, 403)
    if groups == ("Reviewers",):
        assert URL not in client.get("/admin/").content.decode()  # not in their Reports menu


def test_anonymous_visitors_are_sent_to_log_in(client, planted):
    answer = client.get(URL)
    assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/")


def test_superusers_read_it(client, planted):
    client.force_login(factories.user(is_superuser=True, is_staff=True))
    assert rows(client, list="no-results")[0][0] == "knitting"


def promotion_form(query: str, page_id: int) -> dict:
    return {
        "query_string": query,
        "editors_picks-TOTAL_FORMS": 1,
        "editors_picks-INITIAL_FORMS": 0,
        "editors_picks-MAX_NUM_FORMS": 1000,
        "editors_picks-0-DELETE": "",
        "editors_picks-0-ORDER": 0,
        "editors_picks-0-page": page_id,
        "editors_picks-0-description": "",
    }


def test_an_editor_promotes_a_case_from_the_admin_and_it_comes_first(client, settings):
    settings.ELASTICSEARCH_URL = ""
    plain = factories.use_case(title="Drone surveys for illegal logging", summary="Drones film forests.")
    overview = factories.use_case(title="Forest crime overview", summary="Wildlife and timber crime.")
    assert [hit.title for hit in _search(client, "drones")] == [plain.title]
    client.force_login(factories.user(groups=("Editors",)))
    assert client.get("/admin/searchpicks/add/").status_code == 200
    answer = client.post("/admin/searchpicks/add/", promotion_form("Drones", overview.pk))
    assert answer.status_code == 302 and answer["Location"] == "/admin/searchpicks/"
    client.logout()
    assert [hit.title for hit in _search(client, "drones")] == [overview.title, plain.title]


def test_a_reviewer_may_not_promote(client):
    case = factories.use_case()
    client.force_login(factories.user(groups=("Reviewers",)))
    answer = client.post("/admin/searchpicks/add/", promotion_form("drones", case.pk))
    assert answer.status_code in (302, 403) and answer.get("Location", "") != "/admin/searchpicks/"
    assert not Query.objects.filter(query_string="drones", editors_picks__isnull=False).exists()


def _search(client, words: str):
    from showcase.search import catalogue_search

    return catalogue_search(words).hits
