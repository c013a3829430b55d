"""Pages of results and their links: the catalogue's and a tag's (``Pager.html``)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


@dataclass
class Pager:
    """The current page and its links (``html``).

    ``query``: the request's query string as (name, value) pairs; every link keeps it and sets ``page``
    (in its place, or last), as Django's ``{% querystring page=n %}`` would, without copying the
    query string once per link. ``numbered``: links to the pages around this one (the catalogue), or
    only the previous and next pages (a tag's page).
    """

    number: int
    num_pages: int
    count: int
    query: tuple[tuple[str, str], ...] = ()
    numbered: bool = True

    @classmethod
    def of(cls, page: PaginatorPage, *, numbered: bool = False) -> Pager:
        """The pager of a Django paginator's page (a tag's cases): its links carry the page number only."""
        return cls(page.number, page.paginator.num_pages, page.paginator.count, (), numbered)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_url(self) -> str:
        return self.url(self.number - 1)

    @property
    def next_url(self) -> str:
        return self.url(self.number + 1)

    def __post_init__(self) -> None:
        # Every parameter encoded once for all the links; None where ``page`` goes (the first one's place, or last).
        parts: list[str | None] = []
        for name, value in self.query:
            if name != "page":
                parts.append(urlencode([(name, value)]))
            elif None not in parts:  # like QueryDict's ``params["page"] = n``: one value, where the first was
                parts.append(None)
        if None not in parts:
            parts.append(None)
        self._parts = parts

    def url(self, number: int) -> str:
        return "?" + "&".join(f"page={number}" if part is None else part for part in self._parts)

    @property
    def links(self) -> list[tuple[int | None, str]]:
        """(number, link) of the first, the last and two pages either side of this one; (None, "") marks a gap."""
        if not self.numbered:
            return []
        wanted = {1, self.num_pages, *range(self.number - 2, self.number + 3)}
        links: list[tuple[int | None, str]] = []
        for n in sorted(n for n in wanted if 1 <= n <= self.num_pages):
            if links and links[-1][0] is not None and n - links[-1][0] > 1:  # type: ignore[operator]
                links.append((None, ""))
            links.append((n, self.url(n)))
        return links

    def html(self) -> SafeString:
        """The links, as a labelled ``<nav>``; nothing when there is one page.

        Built here rather than in a template: the catalogue's links are on its critical path, after
        the search's answer, and a template took longer than the rest of the results to render them.
        """
        if self.num_pages <= 1:
            return SafeString("")
        status = escape(gettext("Page %(number)s of %(total)s") % {"number": self.number, "total": self.num_pages})
        links = self.links
        items = []
        if self.has_previous:
            items.append(f'<li><a href="{escape(self.previous_url)}" rel="prev">{escape(gettext("Previous"))}</a></li>')
        if links:
            page = escape(gettext("Page"))
            for number, url in links:
                if number is None:
                    items.append('<li class="pagination__gap" aria-hidden="true">…</li>')
                elif number == self.number:
                    items.append(f'<li aria-current="page"><span class="visually-hidden">{page} </span>{number}</li>')
                else:
                    link = f'<a href="{escape(url)}"><span class="visually-hidden">{page} </span>{number}</a>'
                    items.append(f"<li>{link}</li>")
        else:
            items.append(f'<li aria-current="page">{status}</li>')
        if self.has_next:
            items.append(f'<li><a href="{escape(self.next_url)}" rel="next">{escape(gettext("Next"))}</a></li>')
        heading = f'<p class="pagination__status">{status}</p>' if links else ""
        label = escape(gettext("Pages of results"))
        return mark_safe(  # noqa: S308 - every text and link above went through escape()
            f'<nav class="pagination" aria-label="{label}">{heading}<ul>{"".join(items)}</ul></nav>'
        )


def query_pairs(params: QueryDict) -> tuple[tuple[str, str], ...]:
    """A query string's (name, value) pairs, in order."""
    return tuple((name, value) for name, values in params.lists() for value in values)
