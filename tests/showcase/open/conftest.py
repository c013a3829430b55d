"""Fixtures for the open catalogue tests (feed, sitemap, metadata, statistics).

The search fixtures (a private Elasticsearch index per test, both backends, the
known seven-case catalogue) are the search tests' own, imported so that the feed
and the statistics are checked against the same real backends as the catalogue.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.showcase.search.conftest import (  # noqa: F401  (fixtures)
    _closed_breaker,
    backend,
    catalogue_index,
    index_if_needed,
    known_cases,
)

from tests import factories

#: Query strings an attacker (or a broken link) might send.
HOSTILE_QUERIES = [
    "q=%00%01%02",
    "q=" + "a" * 5000,
    "q=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "region=%3Cscript%3E",
    "region=" + "x" * 500,
    "category=" + "&category=".join(f"v{i}" for i in range(200)),
    "year=99999&year=-1&year=abcd",
    "country=ZZ&country=%F0%9F%92%A3",
    "page=-1&page=99999999999999999999999",
    "sort=%27%3B+DROP+TABLE",
    "tag=%E2%80%AE%E2%80%AEevil",
    "stage[]=pilot&risk_tier=%25%25%25",
    "%ZZ=%ZZ",
]


class MarkupCollector(HTMLParser):
    """Meta tags, links, script elements and tables of a page, as a reader's tools would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.tables: list[dict] = []
        self.ids: set[str] = set()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self._table: dict | None = None
        self._cell: list[str] | None = None
        self._cell_tag = ""
        self._row: list[tuple[str, str, str]] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta.setdefault(key, []).append(attributes.get("content", ""))
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "script":
            self._script, self._script_text = attributes, []
        elif tag == "table":
            self._table = {"caption": "", "rows": []}
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell, self._cell_tag = [], tag
            self._cell_scope = attributes.get("scope", "")
            self._cell_href = ""
        elif tag == "a" and self._cell is not None:
            self._cell_href = attributes.get("href", "")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None and self._row is not None:
            kind = self._cell_tag + (f"[{self._cell_scope}]" if self._cell_scope else "")
            self._row.append((kind, "".join(self._cell).strip(), self._cell_href))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        if self._in_caption and self._table is not None:
            self._table["caption"] += data
        if self._cell is not None:
            self._cell.append(data)


def collect(html: str) -> MarkupCollector:
    collector = MarkupCollector()
    collector.feed(html)
    collector.close()
    return collector


def published_submission():
    """A case that went through the portal, published, with confidential answers and reviewer notes."""
    from moderation.models import Assessment, Rating

    submission = factories.complete_submission()
    page = submission.page.specific
    page.save_revision().publish()
    page.refresh_from_db()
    assessment = Assessment.objects.create(
        page=page,
        decision=Assessment.APPROVED,
        message="CONFIDENTIAL-MARKER-message-to-submitter",
        public_summary="",
    )
    Rating.objects.create(
        assessment=assessment, code="T1", principle="Transparency", question="Disclosed?",
        rating=Rating.MEETS, note="CONFIDENTIAL-MARKER-reviewer-note",
    )
    return page


def confidential_strings() -> list[str]:
    return [*factories.CONFIDENTIAL_MARKERS.values(), "CONFIDENTIAL-MARKER"]


@pytest.fixture
def submitted_case(db):
    return published_submission()
