"""What a catalogue search returns, whichever backend answered: ``Results``, ``Hit``, ``FacetResult``.

Both backends fill the same dataclasses, so the templates, the contract tests
and the benchmark never need to know which one ran.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Cases per page of results.
PER_PAGE = 20
#: Elasticsearch's default ``index.max_result_window``: from + size may not exceed it, so no
#: page beyond MAX_PAGE can be asked for (the database backend applies the same limit).
MAX_RESULT_WINDOW = 10_000
MAX_PAGE = MAX_RESULT_WINDOW // PER_PAGE

BACKEND_ELASTICSEARCH = "elasticsearch"
BACKEND_DATABASE = "database"

# Sentinels Elasticsearch puts around a matched span: control characters that escape() leaves
# alone and that cannot occur in a case's text (they are stripped when a document is prepared).
HIGHLIGHT_PRE = "\x02"
HIGHLIGHT_POST = "\x03"


def safe_highlight(fragment: str) -> SafeString:
    """Escape a highlighted fragment, then turn only the sentinels into ``<mark>`` elements.

    Everything from the case's text is escaped first, so ``<script>`` in a case
    comes out as ``&lt;script&gt;``; only the markers we asked Elasticsearch for
    become markup.
    """
    text = escape(fragment)
    # Unbalanced markers (a fragment cut inside a span) must never leave an open <mark>.
    if text.count(HIGHLIGHT_PRE) != text.count(HIGHLIGHT_POST):
        text = text.replace(HIGHLIGHT_PRE, "").replace(HIGHLIGHT_POST, "")
    return mark_safe(text.replace(HIGHLIGHT_PRE, "<mark>").replace(HIGHLIGHT_POST, "</mark>"))


@dataclass
class Hit:
    """One result card: everything the card shows, from the index or from the page."""

    page_id: int
    url: str
    title: str
    summary: str
    organisation: str = ""
    countries: list[str] = field(default_factory=list)  # display names
    stage: str = ""
    categories: list[str] = field(default_factory=list)
    published: datetime | None = None
    content_language: str = "en"
    attendees_only: bool = False
    title_html: SafeString | None = None  # the title with <mark>ed matches (escaped), when highlighted
    summary_html: SafeString | None = None  # the summary with <mark>ed matches (escaped), when highlighted
    highlights: list[SafeString] = field(default_factory=list)  # other matching fragments, escaped, with <mark>
    score: float | None = None
    image: Any = None  # the first image of the case (set after the search, from the database)
    may_have_image: bool = True  # False when the index knows the case has no picture
    image_alt: str = ""
    image_html: str = ""  # the card's escaped <img> of that image, "" without one (``card_images.attach_images``)
    case_number: str = ""  # the permanent public number (AILE-2026-0042); "" before first publication

    @property
    def is_attendees_only(self) -> bool:
        return self.attendees_only


class FacetValue(NamedTuple):
    """One value of a facet; a named tuple: a page makes about two hundred, after the search's answer."""

    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class FacetResult:
    key: str
    label: str
    values: list[FacetValue]
    unknown: list[str] = field(default_factory=list)  # selected values that do not exist

    @property
    def counts(self) -> dict[str, int]:
        return {v.value: v.count for v in self.values if v.count}

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


@dataclass
class Results:
    hits: list[Hit]
    facets: dict[str, FacetResult]
    total: int
    took_ms: float
    backend: str
    page: int = 1
    per_page: int = PER_PAGE
    notice: str = ""  # shown on the page, e.g. "search is running on the fallback"
    messages: list[str] = field(default_factory=list)  # about the request: truncated query, page clamped…

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGE, math.ceil(self.total / self.per_page)))

    @property
    def facet_counts(self) -> dict[str, dict[str, int]]:
        """``{facet key: {value: count}}`` without zero counts (what the contract tests compare)."""
        return {key: facet.counts for key, facet in self.facets.items()}

    @property
    def ids(self) -> list[int]:
        return [hit.page_id for hit in self.hits]
