"""Pages of results and their links: the catalogue's and a tag's (``showcase/includes/pagination.html``)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.http import QueryDict


@dataclass
class Pager:
    """The current page and its links, as ``showcase/includes/pagination.html`` shows them.

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
    def of(cls, page: PaginatorPage, params: QueryDict, *, numbered: bool = False) -> Pager:
        """The pager of a Django paginator's page (a tag's cases)."""
        return cls(page.number, page.paginator.num_pages, page.paginator.count, query_pairs(params), numbered)

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

    def url(self, number: int) -> str:
        pairs, replaced = [], False
        for name, value in self.query:
            if name != "page":
                pairs.append((name, value))
            elif not replaced:  # like QueryDict's ``params["page"] = n``: one value, where the first was
                pairs.append(("page", str(number)))
                replaced = True
        if not replaced:
            pairs.append(("page", str(number)))
        return f"?{urlencode(pairs)}"

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


def query_pairs(params: QueryDict) -> tuple[tuple[str, str], ...]:
    """A query string's (name, value) pairs, in order."""
    return tuple((name, value) for name, values in params.lists() for value in values)
