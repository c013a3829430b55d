"""Hostile query strings get a 400 with a clear JSON message, or an empty result; never a 500."""

from __future__ import annotations

import pytest

from showcase.search.results import MAX_PAGE

from .conftest import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(indexed_once):
    """Every test here only reads: the catalogue is built (and indexed) once per backend."""
    return indexed_once

LIST_ENDPOINTS = ["/api/v1/cases/", "/api/v1/facets/", "/api/v1/export/cases.csv", "/api/v1/export/cases.json"]

#: (query string, expected status, a word the message must contain) for /api/v1/cases/.
REFUSED = [
    ("page=99999999999999999999999", "page"),
    (f"page={MAX_PAGE + 1}", "page"),
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=abc", "page"),
    ("page=%00", "page"),
    ("page=1.5", "page"),
    ("sort=%27%3B+DROP+TABLE", "sort"),
    ("sort=%00", "sort"),
    ("colour=red", "Unknown parameter"),
    ("%00=1", "Unknown parameter"),
    ("stage[]=pilot", "Unknown parameter"),
    ("q=a&" + "&".join(f"x{i}=1" for i in range(50)), "Unknown parameter"),
]

#: Query strings that are answered (200) with an empty result.
EMPTY = [
    "category=no-such-category",
    "category=%00",
    "category=%3Cscript%3E",
    "region=" + "x" * 500,
    "year=99999&year=-1&year=abcd",
    "country=ZZ",
    "country=%F0%9F%92%A3",
    "tag=%E2%80%AE%E2%80%AEevil",
    "q=zzzzqqqq+nothing+matches+this",
    "stage=pilot&stage=no-such-stage&technique=%25%25%25",
]


@pytest.mark.parametrize(("query", "word"), REFUSED)
def test_refused_with_a_clear_message(indexed, api, query, word):
    response = api.get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert word in response.json()["detail"]


@pytest.mark.parametrize("query", EMPTY)
@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_impossible_values_give_an_empty_result(indexed, api, endpoint, query):
    response = api.get(f"{endpoint}?{query}")
    assert response.status_code == 200, response.content
    if endpoint == "/api/v1/cases/":
        data = response.json()
        assert data["results"] == [] and data["total"] == 0
        assert data["messages"] or query.startswith("q=")  # the impossible value is named
    elif endpoint == "/api/v1/facets/":
        assert response.json()["total"] == 0
    else:
        assert "Roadside cameras" not in body(response)


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "camera " * 1500,  # 10 kB
        "q=%00%01%02licence%00plate",
        "q=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=plate&q=camera&sort=title&sort=newest&page=1&page=1",
        "category=" + "&category=".join(f"v{i}" for i in range(200)),
        "q=%22%27%5C%2A%3F%28%29%5B%5D%7B%7D%3A%5E%7E%21",
        "q=NEAR(a+b)+AND+OR+NOT+*",
    ],
)
@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_odd_but_harmless_queries_are_answered(indexed, api, endpoint, query):
    response = api.get(f"{endpoint}?{query}")
    assert response.status_code == 200, response.content


def test_a_long_query_is_shortened_and_says_so(indexed, api):
    data = api.get("/api/v1/cases/?q=" + "camera+" * 1500).json()
    assert len(data["query"]) <= 200 and "shortened" in " ".join(data["messages"])


def test_control_characters_are_removed_from_the_query(indexed, api):
    data = api.get("/api/v1/cases/?q=licence%00plate").json()
    assert data["query"] == "licence plate"
    clean = api.get("/api/v1/cases/?q=licence+plate").json()
    # The same answer as the clean query (which may rank a partial match after the case that says both words).
    assert [c["id"] for c in data["results"]] == [c["id"] for c in clean["results"]]
    assert data["results"][0]["id"] == indexed["plates"].pk


def test_repeated_parameters_use_the_last_value_like_the_catalogue(indexed, api):
    data = api.get("/api/v1/cases/?sort=newest&sort=title").json()
    assert data["sort"] == "title"


@pytest.mark.parametrize("slug", ["%00", "a%00b", "..%2F..%2Fetc", "x" * 300, "%27%20OR%201%3D1", "no-such-case"])
def test_bad_slugs_are_not_found(indexed, api, slug):
    response = api.get(f"/api/v1/cases/{slug}/")
    assert response.status_code == 404
    if response["Content-Type"].startswith("application/json"):  # "/" in a slug matches no API route at all
        assert response.json()["detail"]


def test_a_page_after_the_last_one_is_empty_and_says_how_many_there_are(indexed, api):
    data = api.get("/api/v1/cases/?page=7").json()
    assert data["results"] == [] and data["num_pages"] == 1 and data["page"] == 7
    assert "There is no page 7" in " ".join(data["messages"])


def test_only_get_is_allowed(indexed, api):
    assert api.post("/api/v1/cases/").status_code == 405
    assert api.delete("/api/v1/export/cases.csv").status_code == 405
