"""The catalogue page: works without JavaScript, counts and chips, help, hostile query strings, bounded queries.

Runs on the database backend (also on SQLite); the hostile query strings, on both backends, are in
test_catalogue_hostile_queries.py.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_only(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.mark.embedded
def test_the_page_without_javascript_has_a_search_form_facets_with_counts_and_chips(client, known_cases, database_only):
    response = client.get("/cases/?technique=computer-vision&technique=generative-ai&stage=in-operation")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<form id="catalogue-search"[^>]*method="get"[^>]*role="search"', html)
    assert '<label for="catalogue-q">' in html and 'name="q"' in html
    # Facet groups are fieldsets with legends and checkboxes that submit with the form.
    assert html.count('<fieldset class="facet">') >= 10 and "<legend>AI technique</legend>" in html
    assert re.search(r'name="technique" value="computer-vision" checked> Computer vision <span class="facet__count">\(2\)', html)
    assert re.search(r'name="stage" value="pilot"> Pilot <span class="facet__count">\(1\)', html)
    assert 'type="submit" form="catalogue-search"' in html
    # Chips: links that remove one value each and keep the rest.
    assert 'href="?technique=generative-ai&amp;stage=in-operation">AI technique: Computer vision' in html
    assert 'href="?technique=computer-vision&amp;technique=generative-ai">Deployment stage: In operation' in html
    assert "Clear all filters" in html
    assert "2 use cases" in html
    assert '<ol class="case-list">' in html and '<h3 class="case-card__title">' in html
    assert "Search tips" in html and "Parameters the catalogue does not know are ignored" in html
    # Progressive enhancement: an external script, no inline script.
    assert 'src="/static/showcase/js/catalogue-search.js"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


@pytest.mark.embedded
def test_no_results_help_offers_to_remove_filters_and_check_spelling(client, known_cases, database_only):
    html = client.get("/cases/", {"q": "zyxwvut", "stage": "pilot"}).content.decode()
    assert "No use case matches “zyxwvut” with these filters." in html
    assert "check the spelling" in html
    assert 'href="?q=zyxwvut">Deployment stage: Pilot</a>' in html
    assert 'href="?stage=pilot">show these filters without the search words' in html


@pytest.mark.embedded
def test_no_results_of_words_alone_speak_of_no_filters(client, known_cases, database_only):
    html = client.get("/cases/", {"q": "zyxwvut"}).content.decode()
    assert "No use case matches “zyxwvut”." in html and "with these filters" not in html
    assert "check the spelling" in html and "show these filters without the search words" not in html
    assert "start again with all the cases" in html


@pytest.mark.embedded
def test_pagination_is_a_labelled_nav_with_the_current_page(client, database_only):
    for i in range(45):
        factories.use_case(title=f"Paged {i}")
    html = client.get("/cases/", {"page": "2"}).content.decode()
    assert '<nav class="pagination" aria-label="Pages of results">' in html
    assert re.search(r'<li aria-current="page">.*?2</li>', html)
    assert 'href="?page=3" rel="next"' in html and 'href="?page=1" rel="prev"' in html


@pytest.mark.embedded
def test_suggest_endpoint(client, known_cases, database_only):
    data = client.get("/cases/suggest/", {"q": "roadside"}).json()
    assert data["suggestions"] == [{"title": known_cases["plates"].title, "url": known_cases["plates"].url}]
    response = client.get("/cases/suggest/", {"q": "ro"})
    assert response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.embedded
def test_long_queries_are_answered_with_a_notice(client, known_cases, database_only):
    html = client.get("/cases/", {"q": "motorway " + "x" * 400}).content.decode()
    assert "Your search was shortened to its first 200 characters." in html


@pytest.mark.embedded
def test_database_backend_query_count_is_bounded(client, database_only, monkeypatch):
    """Queries do not grow with the number of cases or facet values; each selected facet adds at most two."""
    # On a busy machine this test outlives the taxonomy and tag names' one-minute cache: its reload
    # would add queries that have nothing to do with the page being measured.
    monkeypatch.setattr("showcase.search.taxonomy_names.LABELS_TTL_SECONDS", 3600.0)
    client.force_login(factories.attendee())
    for i in range(30):
        factories.use_case(images=i % 2, tags=(f"Tag {i % 7}",), countries=["NL", "KE", "BR"][: 1 + i % 3])

    def queries(url: str) -> int:
        client.get(url)  # warm: thumbnails are rendered on first view
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    plain = queries("/cases/")
    assert plain <= 22
    searched = queries("/cases/?q=public")
    # The text search itself (matching ids, then the pages; on PostgreSQL first the words' tsquery
    # forms, and depending on what earlier tests left in Django's caches, one more lookup): at most 4.
    # Then a fixed cost per search, whatever the data: the thesaurus's signature (1), promoted cases (1)
    # and the query log (the text, its daily hit and the day's outcome: 3).
    assert searched <= plain + 4 + 5
    two_facets = queries("/cases/?q=public&technique=computer-vision&country=NL&country=KE")
    assert two_facets <= searched + 4
    for i in range(30):
        factories.use_case(images=1, tags=(f"Other {i}",))
    assert queries("/cases/") == plain


@pytest.mark.embedded
def test_case_page_shows_related_cases_the_visitor_may_see(client, known_cases, database_only):
    html = client.get(known_cases["plates"].url).content.decode()
    section = html.split('id="case-related"', 1)[1].split("</section>", 1)[0]
    assert "Related cases" in html
    assert known_cases["faces"].title in section  # shares computer vision and a tag
    assert known_cases["secret"].title not in section and known_cases["plates"].title not in section
    client.force_login(factories.attendee())
    section = client.get(known_cases["plates"].url).content.decode().split('id="case-related"', 1)[1]
    assert known_cases["secret"].title in section.split("</section>", 1)[0]


@pytest.mark.embedded
def test_results_link_to_exports_and_the_feed_with_the_same_filters(client, known_cases, database_only):
    html = client.get("/cases/?stage=pilot&sort=title&bogus=1").content.decode()
    assert "use case" in html
    for url in ("/api/v1/export/cases.csv", "/api/v1/export/cases.json", "/feeds/cases.atom"):
        link = re.search(rf'href="{re.escape(url)}\?([^"]*)"', html)
        assert link, url
        assert "stage=pilot" in link.group(1) and "sort=title" in link.group(1) and "bogus" not in link.group(1)
    csv = client.get("/api/v1/export/cases.csv?stage=pilot&sort=title")
    assert csv.status_code == 200
    assert 'rel="alternate" type="application/atom+xml"' in html


@pytest.mark.embedded
def test_these_results_elsewhere_keep_the_search_and_its_filters(client, known_cases, database_only):
    html = client.get("/cases/", {"q": "cameras &", "stage": "in-operation", "utm": "x"}).content.decode()
    query = "q=cameras+%26&amp;stage=in-operation"  # the applied parameters only, escaped in the HTML
    assert f'href="/api/v1/export/cases.csv?{query}" download' in html
    assert f'href="/api/v1/export/cases.json?{query}" download' in html
    assert f'href="/feeds/cases.atom?{query}">Atom feed of these results' in html
    assert f'type="application/atom+xml" title="Newly published use cases" href="/feeds/cases.atom?{query}"' in html
