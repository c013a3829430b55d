"""The Atom feed of newly published cases, filterable like the catalogue.

``/feeds/cases.atom?region=europe&category=video-analytics`` takes the catalogue's
query-string keys (``q`` and one key per facet) and lists the same cases the
catalogue shows for them, newest first (``showcase.search.search_from_query``), so the feed
and ``/cases/`` never disagree.

Feed readers fetch without the reader's cookies, and a feed URL is easily shared,
so every caller is treated as anonymous: attendees-only cases are never in it. It is
written in the site's default language (``LANGUAGE_CODE``), the same for every reader.
Each entry is built from the public fields of a result card only (title, summary,
link, date, categories); nothing of ``portal.Submission`` or ``moderation`` is read.

https://docs.djangoproject.com/en/5.2/ref/contrib/syndication/
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.html import escape
from django.utils.feedgenerator import Atom1Feed
from django.utils import translation
from django.utils.translation import gettext as _

from .http_cache import answer
from .search import Hit, Results, SearchRequest, search_from_query
from .search.facets import SORT_NEWEST



@dataclass
class FeedSearch:
    search: SearchRequest
    results: Results
    catalogue_url: str
    feed_path: str

    @property
    def filter_labels(self) -> list[str]:
        """'Region: Europe' for every applied filter value, for the feed's title."""
        labels = []
        for key, values in self.search.filters.items():
            facet = self.results.facets.get(key)
            if facet is None:
                continue
            names = {value.value: value.label for value in facet.values}
            labels.extend(f"{facet.label}: {names.get(value, value)}" for value in values)
        return labels

    @property
    def query_string(self) -> str:
        """The applied search as catalogue parameters (only what the search used, never raw input)."""
        params = QueryDict(mutable=True)
        if self.search.query:
            params["q"] = self.search.query
        for key, values in self.search.filters.items():
            params.setlist(key, list(values))
        return params.urlencode()


def newest_cases(params: QueryDict) -> tuple[SearchRequest, Results]:
    """The catalogue's search for these parameters, newest first, first page, as an anonymous visitor."""
    return search_from_query(params, None, sort=SORT_NEWEST, page=1)


def catalogue_url(request: HttpRequest) -> str | None:
    """The public catalogue's URL (relative on the current site), or None when there is none."""
    from .models import public_catalogue

    catalogue = public_catalogue()
    return catalogue.get_url(request) if catalogue else None


class CaseAtomFeed(Atom1Feed):
    """Atom with each entry's permanent case number: ``<link rel="related" href=".../cases/id/<number>/">``."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        number = item.get("case_number")
        if number:
            # Cases are children of the catalogue, so /cases/<slug>/ → /cases/id/<number>/.
            href = urljoin(item["link"], f"../id/{number}/")
            handler.addQuickElement("link", "", {"rel": "related", "href": href, "title": number})


class CaseFeed(Feed):
    feed_type = CaseAtomFeed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # In the site's default language whatever the reader's Accept-Language, so the links
        # are the same on both search backends and one cached copy serves everybody.
        with translation.override(settings.LANGUAGE_CODE):
            # The same for everybody (built as for an anonymous reader): public, with an ETag and
            # Last-Modified from the catalogue's change stamp, so feed readers poll with a cheap 304.
            return answer(
                request, lambda: super(CaseFeed, self).__call__(request, *args, **kwargs), same_for_everyone=True
            )

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedSearch:
        search, results = newest_cases(request.GET)
        return FeedSearch(search, results, catalogue_url(request) or "/", request.path)

    def title(self, obj: FeedSearch) -> str:
        title = _("AI for Law Enforcement showcase: new use cases")
        if obj.search.query:
            title += " · " + _("matching “%(query)s”") % {"query": obj.search.query}
        labels = obj.filter_labels
        if labels:
            title += " · " + "; ".join(labels)
        return title

    def subtitle(self, obj: FeedSearch) -> str:
        return _("The newest published use cases of AI in law enforcement that match the catalogue search.")

    def link(self, obj: FeedSearch) -> str:
        query = obj.query_string
        return f"{obj.catalogue_url}?{query}" if query else obj.catalogue_url

    def feed_url(self, obj: FeedSearch) -> str:
        # The feed's own address, with the applied parameters only (never the raw query string).
        return obj.feed_path + (f"?{obj.query_string}" if obj.query_string else "")

    def author_name(self) -> str:
        return _("AI for Law Enforcement showcase")

    def items(self, obj: FeedSearch) -> list[Hit]:
        return obj.results.hits

    def item_title(self, item: Hit) -> str:
        return item.title

    def item_description(self, item: Hit) -> str:
        # Atom's summary is declared as HTML: escape the plain text so that a summary
        # containing markup is shown as text by feed readers, never interpreted.
        return escape(item.summary)

    def item_link(self, item: Hit) -> str:
        return item.url

    def item_pubdate(self, item: Hit) -> datetime | None:
        return item.published

    def item_extra_kwargs(self, item: Hit) -> dict[str, Any]:
        return {"case_number": item.case_number}

    def item_categories(self, item: Hit) -> list[str]:
        return item.categories
