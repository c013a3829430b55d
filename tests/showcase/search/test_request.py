"""Untrusted input becomes a valid search request: never an exception, always a bounded request."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from showcase.search.facets import MAX_VALUES_PER_FACET
from showcase.search.request import MAX_QUERY_LENGTH, build_request, parse_page, request_from_params
from showcase.search.results import MAX_PAGE, safe_highlight

pytestmark = pytest.mark.embedded


@pytest.mark.parametrize(
    ("raw", "page"),
    [("", 1), ("1", 1), ("7", 7), ("0", 1), ("-1", 1), ("abc", 1), ("1.5", 1), ("²", 1), ("9" * 5000, MAX_PAGE + 1)],
)
def test_page_numbers(raw, page):
    assert parse_page(raw) == page


def test_pages_past_the_result_window_are_clamped_with_a_message():
    request = build_request(page="99999999999999999999")
    assert request.page == MAX_PAGE and request.messages


def test_long_queries_are_cut_with_a_message_and_control_characters_removed():
    request = build_request(query="a\x00b " + "x" * 5000)
    assert len(request.query) <= MAX_QUERY_LENGTH and "\x00" not in request.query
    assert request.query.startswith("a b ")
    assert request.messages


def test_unknown_keys_are_ignored_and_values_cleaned():
    params = QueryDict(mutable=True)
    params.setlist("category", ["video-analytics", "video-analytics", "<script>", ""])
    params.setlist("country", ["nl"])
    params.setlist("nonsense", ["1"])
    params.setlist("year", ["2024", "20245", "abcd"])
    request = request_from_params(params)
    assert request.filters == {"category": ("video-analytics",), "country": ("NL",), "year": ("2024",)}
    assert {(item.facet.key, item.raw) for item in request.invalid} == {
        ("category", "<script>"),
        ("year", "20245"),
        ("year", "abcd"),
    }
    assert not request.impossible


def test_a_facet_with_only_malformed_values_matches_nothing():
    request = build_request(filters={"tag": ["\x00\x00"]})
    assert request.filters == {"tag": ()} and request.impossible


def test_a_thousand_repeated_values_are_capped():
    request = build_request(filters={"tag": [f"tag-{i}" for i in range(1000)]})
    assert len(request.filters["tag"]) == MAX_VALUES_PER_FACET and request.messages


def test_sort_defaults():
    assert build_request().sort == "newest"
    assert build_request(query="x").sort == "relevance"
    assert build_request(sort="relevance").sort == "newest"  # nothing to rank without words
    assert build_request(query="x", sort="title").sort == "title"
    assert build_request(query="x", sort="DROP TABLE").sort == "relevance"


def test_safe_highlight_escapes_everything_but_the_markers():
    html = safe_highlight('<script>alert(1)</script> \x02plate\x03 & "q"')
    assert html == '&lt;script&gt;alert(1)&lt;/script&gt; <mark>plate</mark> &amp; &quot;q&quot;'
    assert safe_highlight("unbalanced \x02mark") == "unbalanced mark"
