"""A case page tells link previews and search engines what it is: OpenGraph, Twitter card, JSON-LD, canonical link."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests import factories

from .conftest import collect, confidential_strings

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "</script><script>alert(1)</script>"


def json_ld(markup) -> dict:
    blocks = [text for attrs, text in markup.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_opengraph_twitter_and_canonical(client):
    case = factories.use_case(
        title="Plates at the border",
        summary="Reads licence plates at border crossings.",
        first_published_at=datetime(2024, 5, 17, 9, 30, tzinfo=UTC),
        tags=("Borders",),
        images=2,
    )
    markup = collect(client.get(case.url).content.decode())
    meta = markup.meta
    full_url = case.get_full_url()

    assert meta["og:type"] == ["article"]
    assert meta["og:title"] == ["Plates at the border"]
    assert meta["og:description"] == ["Reads licence plates at border crossings."]
    assert meta["og:url"] == [full_url]
    assert meta["description"] == ["Reads licence plates at border crossings."]
    assert meta["article:published_time"][0].startswith("2024-05-17T09:30:00")
    assert "Borders" in meta["article:tag"] and "Video analytics" in meta["article:tag"]
    # The first image, as a 1200×630 rendition, with its alt text.
    image_url = meta["og:image"][0]
    assert image_url.startswith("http://testserver/") and ".fill-1200x630" in image_url
    assert meta["og:image:alt"] == ["PUBLIC-alt-1"]
    assert meta["twitter:card"] == ["summary_large_image"]
    canonical = [link["href"] for link in markup.links if link.get("rel") == "canonical"]
    assert canonical == [full_url]
    assert "robots" not in meta


def test_json_ld_article(client):
    case = factories.use_case(
        title="Speech triage",
        summary="Transcribes emergency calls.",
        content_language="fr",
        first_published_at=datetime(2023, 1, 2, tzinfo=UTC),
        tags=("Calls", "Audio"),
        techniques=("speech-and-audio",),
    )
    data = json_ld(collect(client.get(case.url).content.decode()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == "Speech triage"
    assert data["description"] == "Transcribes emergency calls."
    assert data["inLanguage"] == "fr"
    assert data["datePublished"].startswith("2023-01-02")
    assert data["url"] == case.get_full_url()
    assert set(data["keywords"].split(", ")) == {"Calls", "Audio", "Video analytics", "Speech and audio"}
    assert "image" not in data


def test_without_an_image_the_card_is_a_summary(client):
    case = factories.use_case(title="No picture")
    meta = collect(client.get(case.url).content.decode()).meta
    assert "og:image" not in meta
    assert meta["twitter:card"] == ["summary"]


def test_a_hostile_title_cannot_break_out_of_the_json_ld(client):
    case = factories.use_case(title=HOSTILE_TITLE, summary="Ends </SCRIPT > here & <!-- there")
    html = client.get(case.url).content.decode()
    markup = collect(html)
    assert len(markup.scripts) == 1  # only the JSON-LD: no script element came from the title
    assert "<script>alert(1)" not in html
    data = json_ld(markup)
    assert data["headline"] == HOSTILE_TITLE
    assert data["description"] == "Ends </SCRIPT > here & <!-- there"
    assert markup.meta["og:title"] == [HOSTILE_TITLE]


def test_attendees_only_case_is_not_indexed(client):
    case = factories.use_case(title="Secret case", visibility="attendees")
    client.force_login(factories.attendee())
    meta = collect(client.get(case.url).content.decode()).meta
    assert meta["robots"] == ["noindex"]


def test_metadata_has_no_confidential_data(client, submitted_case):
    html = client.get(submitted_case.url).content.decode()
    assert collect(html).meta["og:title"] == [submitted_case.title]
    for marker in confidential_strings():
        assert marker not in html
