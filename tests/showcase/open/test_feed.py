"""The Atom feed of new cases: valid Atom, newest first, the catalogue's filters, public data only."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from showcase.search import catalogue_search
from tests import factories

from .conftest import HOSTILE_QUERIES, confidential_strings, index_if_needed

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_URL = "/feeds/cases.atom"

pytestmark = pytest.mark.django_db


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def entry_links(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]


def test_valid_atom_newest_first_with_public_fields(client):
    factories.use_case(title="Older case", first_published_at=datetime(2023, 1, 5, tzinfo=UTC), tags=("Drones",))
    newest = factories.use_case(title="Newest case", first_published_at=datetime(2025, 6, 1, tzinfo=UTC))
    factories.use_case(title="Middle case", first_published_at=datetime(2024, 2, 1, tzinfo=UTC))
    factories.use_case(title="A draft", publish=False)

    feed = parse(client.get(FEED_URL))

    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title")
    assert feed.findtext(f"{ATOM}id")
    assert feed.findtext(f"{ATOM}updated").startswith("2025-06-01")
    assert entry_titles(feed) == ["Newest case", "Middle case", "Older case"]
    first = next(feed.iter(f"{ATOM}entry"))
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{newest.url}"
    assert first.findtext(f"{ATOM}summary") == newest.summary
    assert first.findtext(f"{ATOM}published").startswith("2025-06-01")
    assert [c.get("term") for c in first.iter(f"{ATOM}category")] == ["Video analytics"]


def test_summary_markup_is_text_for_feed_readers(client):
    factories.use_case(title="Markup case", summary="<b>bold</b> & <script>alert(1)</script>")
    feed = parse(client.get(FEED_URL))
    summary = next(feed.iter(f"{ATOM}entry")).find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # Declared as HTML, so the reader must get escaped text, never a <script> element.
    assert summary.text == "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"


def test_filters_give_the_catalogues_cases_on_each_backend(client, backend, known_cases, request):
    index_if_needed(backend, request)
    feed = parse(client.get(FEED_URL, {"region": "europe"}))
    catalogue = catalogue_search(filters={"region": ["europe"]}, sort="newest", user=None)
    assert entry_titles(feed) == [
        "Citizen reporting chatbot",
        "Retrospective face matching",
        "Roadside cameras for stolen cars",
    ]
    assert entry_links(feed) == [f"http://testserver{hit.url}" for hit in catalogue.hits]
    assert "Region: Europe" in feed.findtext(f"{ATOM}title")
    alternate = [link for link in feed.iter(f"{ATOM}link") if link.get("rel") == "alternate"][0]
    assert alternate.get("href") == "http://testserver/cases/?region=europe"

    # Several facets, and a text query, as the catalogue combines them.
    feed = parse(client.get(FEED_URL, {"technique": "computer-vision", "stage": "in-operation"}))
    assert entry_titles(feed) == ["Roadside cameras for stolen cars", "Phone extraction review"]
    feed = parse(client.get(FEED_URL, {"q": "chatbot"}))
    assert entry_titles(feed) == ["Citizen reporting chatbot"]
    # A value that does not exist matches nothing, as in the catalogue.
    assert entry_titles(parse(client.get(FEED_URL, {"region": "atlantis"}))) == []


def test_attendees_only_cases_never_in_the_feed_even_for_attendees(client, backend, known_cases, request):
    index_if_needed(backend, request)
    secret = known_cases["secret"].title
    assert secret not in entry_titles(parse(client.get(FEED_URL)))
    assert secret not in entry_titles(parse(client.get(FEED_URL, {"tag": "covert"})))
    client.force_login(factories.attendee())
    assert secret in client.get("/cases/?tag=covert").content.decode()  # the attendee does see it in the catalogue
    body = client.get(FEED_URL, {"tag": "covert"}).content.decode()
    assert secret not in body
    assert entry_titles(parse(client.get(FEED_URL))) == [
        "Citizen reporting chatbot",
        "Retrospective face matching",
        "Roadside cameras for stolen cars",
        "Emergency call triage assistant",
        "Phone extraction review",
    ]


def test_no_confidential_data_in_the_feed(client, submitted_case):
    body = client.get(FEED_URL).content.decode()
    assert submitted_case.title in body
    for marker in confidential_strings():
        assert marker not in body


def test_feed_is_in_the_default_language_whatever_the_reader_asks(client, backend, known_cases, request):
    index_if_needed(backend, request)
    english = client.get(FEED_URL, {"region": "europe"}).content
    french = client.get(FEED_URL, {"region": "europe"}, HTTP_ACCEPT_LANGUAGE="fr").content
    feed = ET.fromstring(french)
    assert all(link.startswith("http://testserver/cases/") for link in entry_links(feed))
    assert ET.fromstring(english).findtext(f"{ATOM}title") == feed.findtext(f"{ATOM}title")


def test_feed_is_cacheable_and_the_same_for_everybody(client):
    response = client.get(FEED_URL)
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_parameters_never_500(client, query):
    factories.use_case(title="Some case")
    response = client.get(f"{FEED_URL}?{query}")
    feed = parse(response)
    body = response.content.decode()
    assert "<script>" not in body
    assert len(entry_titles(feed)) <= 1
