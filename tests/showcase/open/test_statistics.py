"""The statistics page: counts people can read at a glance, that match the catalogue, for what the visitor may see."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from showcase.search import catalogue_search
from showcase.statistics import CHARTS
from showcase.taxonomies import DeploymentStage, RiskTier
from tests import factories

from .conftest import HOSTILE_QUERIES, collect, confidential_strings, index_if_needed

pytestmark = pytest.mark.django_db
URL = "/statistics/"


def table(markup, caption: str) -> dict[str, tuple[str, str]]:
    """{row label: (count, link)} of the table with this caption."""
    found = [t for t in markup.tables if t["caption"].strip() == caption]
    assert len(found) == 1, [t["caption"] for t in markup.tables]
    rows = found[0]["rows"]
    assert rows[0][0][0] == "th[col]" and rows[0][1][0] == "th[col]"
    body = {}
    for header, count in (row for row in rows[1:]):
        assert header[0] == "th[row]" and count[0] == "td"
        body[header[1]] = (count[1].split()[0], count[2])
    return body


def page(client, query: str = ""):
    response = client.get(URL + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response, collect(response.content.decode())


def test_counts_match_the_data_and_link_to_the_catalogue(client):
    factories.use_case(title="Dutch", countries=["NL"], first_published_at=datetime(2022, 4, 1, tzinfo=UTC))
    factories.use_case(
        title="French", countries=["FR"], first_published_at=datetime(2024, 4, 1, tzinfo=UTC),
        categories=("video-analytics", "digital-forensics"),
        deployment_stage=factories.taxonomy(DeploymentStage, "in-operation"),
        risk_tier_claimed=factories.taxonomy(RiskTier, "minimal"),
    )
    factories.use_case(title="Kenyan", countries=["KE"], first_published_at=datetime(2024, 9, 1, tzinfo=UTC))
    factories.use_case(title="Draft", countries=["KE"], publish=False)

    response, markup = page(client)
    html = response.content.decode()

    assert "3 published use cases" in html
    assert table(markup, "Number of cases per region") == {
        "Europe": ("2", "/cases/?region=europe"),
        "Africa": ("1", "/cases/?region=africa"),
    }
    assert "Most cases are in Europe (2 of 3)." in html
    categories = table(markup, "Number of cases per use category")
    assert categories["Video analytics"] == ("3", "/cases/?category=video-analytics")
    assert categories["Digital forensics"] == ("1", "/cases/?category=digital-forensics")
    assert list(categories) == ["Video analytics", "Digital forensics"]  # largest first
    stages = table(markup, "Number of cases per deployment stage")
    assert stages["Pilot"] == ("2", "/cases/?stage=pilot")
    assert stages["In operation"] == ("1", "/cases/?stage=in-operation")
    tiers = table(markup, "Number of cases per claimed EU AI Act risk tier")
    assert {label: count for label, (count, _link) in tiers.items()} == {"High-risk (Annex III)": "2", "Minimal": "1"}
    # Years in order, the year without a case shown as zero (and not linked).
    assert table(markup, "Number of cases published per year") == {
        "2022": ("1", "/cases/?year=2022"),
        "2023": ("0", ""),
        "2024": ("2", "/cases/?year=2024"),
    }
    assert "Most cases were published in 2024 (2 of 3)." in html


def test_counts_equal_the_catalogues_facet_counts(client, backend, known_cases, request):
    index_if_needed(backend, request)
    _response, markup = page(client)
    facets = catalogue_search(user=None).facets
    for spec in CHARTS:
        rows = table(markup, str(spec.table_caption))
        shown = {label: int(count) for label, (count, _link) in rows.items() if count != "0"}
        assert shown == {value.label: value.count for value in facets[spec.facet].values if value.count}, spec.facet


def test_anonymous_counts_exclude_attendees_only_cases_and_an_attendees_include_them(client):
    factories.use_case(title="Public", countries=["NL"])
    factories.use_case(title="Secret", countries=["NL", "KE"], visibility="attendees")

    _response, markup = page(client)
    assert table(markup, "Number of cases per region") == {"Europe": ("1", "/cases/?region=europe")}

    client.force_login(factories.attendee())
    response, markup = page(client)
    assert table(markup, "Number of cases per region") == {
        "Europe": ("2", "/cases/?region=europe"),
        "Africa": ("1", "/cases/?region=africa"),
    }
    assert "2 published use cases" in response.content.decode()
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]


def test_ties_are_named_together(client):
    factories.use_case(title="Dutch", countries=["NL"])
    factories.use_case(title="Kenyan", countries=["KE"])
    html = client.get(URL).content.decode()
    assert "Africa and Europe have the most cases (1 of 2 each)." in html


def test_charts_are_accessible_without_javascript(client):
    factories.use_case(title="Dutch", countries=["NL"])
    response, markup = page(client)
    assert markup.scripts == []
    sections = [a for tag, a in markup.elements if tag == "section" and "chart" in a.get("class", "").split()]
    assert len(sections) == len(CHARTS) == 6
    images = [attrs for tag, attrs in markup.elements if attrs.get("role") == "img"]
    assert len(images) == len(CHARTS)
    for image in images:
        title_id, summary_id = image["aria-labelledby"].split()
        assert title_id in markup.ids and summary_id in markup.ids
    assert len(markup.tables) == len(CHARTS) + 2  # and the two tables of honest counts (issue 15.6)
    for tag, attrs in markup.elements:
        assert "style" not in attrs and not any(name.startswith("on") for name in attrs), (tag, attrs)
    svgs = [attrs for tag, attrs in markup.elements if tag == "svg"]
    assert svgs and all(attrs.get("aria-hidden") == "true" for attrs in svgs)
    # The longest bar fills the chart; bar lengths are numbers in the SVG's units.
    fills = [attrs["width"] for tag, attrs in markup.elements if tag == "rect" and attrs.get("class") == "chart__fill"]
    assert "100" in fills or "100.0" in fills


def test_in_another_language_links_stay_in_it_and_bars_stay_numbers(client):
    factories.use_case(title="Dutch", countries=["NL"])
    factories.use_case(title="French", countries=["FR"])
    factories.use_case(title="Kenyan", countries=["KE"])
    response = client.get("/fr/statistics/")
    assert response.status_code == 200
    markup = collect(response.content.decode())
    links = [attrs["href"] for tag, attrs in markup.elements if tag == "a" and "region=" in attrs.get("href", "")]
    assert links and all(link.startswith("/fr/cases/?region=") for link in links)
    # A decimal comma (French number format) would break the SVG attribute.
    widths = [attrs["width"] for tag, attrs in markup.elements if tag == "rect" and attrs.get("class") == "chart__fill"]
    assert "50.0" in widths and all(float(width) >= 0 for width in widths)


def test_an_empty_catalogue_says_so(client):
    html = client.get(URL).content.decode()
    assert "There are no cases to count yet." in html
    assert "0 published use cases" in html


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_query_strings_never_500(client, query):
    factories.use_case(title="Dutch", countries=["NL"])
    response, markup = page(client, query)
    assert table(markup, "Number of cases per region") == {"Europe": ("1", "/cases/?region=europe")}
    assert "<script>" not in response.content.decode()


def test_no_confidential_data(client, submitted_case):
    html = client.get(URL).content.decode()
    for marker in confidential_strings():
        assert marker not in html
