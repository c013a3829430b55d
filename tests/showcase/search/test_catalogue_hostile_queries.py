"""Hostile query strings on the catalogue page and its suggestions never fail, on both backends.

Every test here only reads: the known cases are created, and indexed, once per backend (``indexed_once``).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


HOSTILE = [
    "page=99999999999999999999",
    "page=-5",
    "page=abc",
    "page=1e9",
    "page=" + "9" * 5000,
    "q=" + "long+" * 2000,
    "q=%00%00nul",
    "q=%E2%80%AE%F0%9F%92%A9",
    'q="unbalanced+(+[+{+\\+*+?+~+AND+OR+NOT',
    "q=<script>alert(1)</script>",
    "category=<script>alert(1)</script>",
    "tag=%00",
    "tag=" + "x" * 5000,
    "year=99999&year=-1&country=ZZZ&country=nl",
    "unknown=1&another[]=2&sort=<b>",
    "sort=title&sort=newest",
    "&".join(["category=video-analytics"] * 1000),
    "&".join(f"tag=t{i}" for i in range(1000)),
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_query_strings_never_fail(client, indexed_once, query):
    response = client.get(f"/cases/?{query}")
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if indexed_once.backend == "elasticsearch":
        assert "The full search service is unavailable" not in html


SUGGEST_HOSTILE = ["", "a", "%00%00", "x" * 101, "x" * 5000, "<script>", "&q=1&q=2", "%E2%80%AE", "(((", "*"]


@pytest.mark.parametrize("prefix", SUGGEST_HOSTILE, ids=range(len(SUGGEST_HOSTILE)))
def test_hostile_suggest_requests_never_fail(client, indexed_once, prefix):
    response = client.get(f"/cases/suggest/?q={prefix}")
    assert response.status_code in (200, 400)
    data = response.json()
    if response.status_code == 400:
        assert "limited" in data["error"]
    else:
        assert isinstance(data["suggestions"], list)
