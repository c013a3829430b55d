"""Page links of the catalogue and of a tag's page (showcase.pager): what Django's ``{% querystring page=n %}`` gave."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict
from django.template import engines
from django.test import RequestFactory

from showcase.pager import Pager, query_pairs
from tests import factories


def querystring(params: str, number: int) -> str:
    """What Django's own tag makes of the same query string (the behaviour the pager keeps)."""
    request = RequestFactory().get("/cases/?" + params)
    return engines["django"].from_string("{% querystring page=n %}").render({"n": number}, request)


@pytest.mark.parametrize(
    "params",
    [
        "",
        "q=drone",
        "page=3&q=drone",  # page first: replaced where it stands
        "q=drone&page=3&stage=pilot&stage=trial",
        "page=1&page=9&q=x",  # several page values: one, in the first one's place
        "unknown=%3Cscript%3E&q=a+b%26c",  # unknown and hostile parameters are kept, encoded
        "q=%E2%80%9Creconnaissance%E2%80%9D&tag=caf%C3%A9",
    ],
)
def test_links_are_what_djangos_querystring_gives(params):
    pager = Pager(2, 9, 180, query_pairs(QueryDict(params)))
    for number in (1, 3, 9):
        assert pager.url(number).replace("&", "&amp;") == querystring(params, number)


def test_numbered_links_are_the_first_last_and_two_either_side_with_gaps():
    pager = Pager(10, 40, 800, (("q", "drone"),))
    assert [number for number, _url in pager.links] == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert dict(pager.links)[12] == "?q=drone&page=12"
    assert pager.previous_url == "?q=drone&page=9" and pager.next_url == "?q=drone&page=11"
    assert [number for number, _url in Pager(1, 2, 30).links] == [1, 2]
    assert Pager(1, 5, 90, numbered=False).links == []


@pytest.mark.django_db
@pytest.mark.embedded
def test_the_catalogues_page_links_keep_the_search_and_drop_what_it_does_not_know(client, settings):
    settings.ELASTICSEARCH_URL = ""  # the database's answer: no index to fill
    for i in range(45):
        factories.use_case(title=f"Paged {i}")
    html = client.get("/cases/", {"page": "2", "q": "paged", "utm": '"><script>'}).content.decode()
    assert 'href="?q=paged&amp;page=3" rel="next"' in html
    # (The language links and the alert form's sign-in link keep the visitor's own address, as asked for.)
    nav = html.split('<nav class="pagination"', 1)[1].split("</nav>", 1)[0]
    assert "utm" not in nav and "script" not in nav
    assert re.search(r'<li aria-current="page"><span class="visually-hidden">Page </span>2</li>', html)


@pytest.mark.django_db
def test_a_tags_page_links_to_its_previous_and_next_pages_only(client):
    for i in range(25):
        factories.use_case(title=f"Tagged {i}", tags=["paged-tag"])
    html = client.get("/cases/tags/paged-tag/", {"page": "2"}).content.decode()
    assert 'href="?page=1" rel="prev"' in html and 'rel="next"' not in html
    assert "Page 2 of 2" in html and "pagination__status" not in html


def test_the_links_speak_the_readers_language():
    from django.utils import translation

    with translation.override("fr"):
        html = Pager(2, 9, 180, (("q", "drone"),)).html()
    assert 'aria-label="Pages de résultats"' in html and "Page 2 sur 9" in html
    assert Pager(1, 1, 3).html() == ""


@pytest.mark.django_db
@pytest.mark.embedded
def test_a_kept_results_fragment_never_hands_one_visitors_parameters_to_another(client, settings, reader_fragments_on):
    """The results are kept per question as the catalogue understood it; unknown parameters are not part of it."""
    from django.test import Client

    settings.ELASTICSEARCH_URL = ""
    for i in range(45):
        factories.use_case(title=f"Paged {i}")
    first = client.get("/cases/", {"page": "2", "session_token": "SECRET-OF-THE-FIRST"}).content.decode()
    second = Client().get("/cases/", {"page": "2"}).content.decode()
    for html in (first, second):
        assert "SECRET-OF-THE-FIRST" not in html.split('<nav class="pagination"', 1)[1].split("</nav>", 1)[0]
    assert "SECRET-OF-THE-FIRST" not in second
    assert 'href="?page=3" rel="next"' in second
