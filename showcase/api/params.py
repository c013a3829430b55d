"""The catalogue's query parameters, as the API accepts them.

The API reads the same query string as ``/cases/`` through the same function
(``showcase.search.request_from_params``), so a filter, a text query or a sort means
exactly what it means on the catalogue page. An API caller gets an answer a program can
act on where the page is forgiving:

* a parameter the catalogue does not know → 400 naming it (the page ignores it); ``page`` is
  ignored where there are no pages (facet counts, exports: always the whole result set);
* ``sort`` that is not ``relevance``, ``newest`` or ``title`` → 400 (the page uses the default);
* ``page`` that is not a whole number from 1 to ``MAX_PAGE`` → 400 (the page shows page 1 or the last);
* a page after the last one (within the window) → an empty ``results`` list;
* facet values that cannot exist, a query longer than the limit, control characters:
  exactly as on the page (no match / shortened / removed), explained in ``messages``.

``CatalogueQuery`` declares the same parameters for the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import QueryDict
from ninja import Field, Schema
from pydantic import create_model

from ..search import SearchRequest, request_from_params
from ..search.facets import FACETS, FACETS_BY_KEY, MAX_VALUES_PER_FACET
from ..search.request import MAX_QUERY_LENGTH
from ..search.results import MAX_PAGE, PER_PAGE

#: The parameters every catalogue endpoint accepts (the catalogue page's own keys).
SEARCH_KEYS: tuple[str, ...] = ("q", "sort", "lang", *FACETS_BY_KEY)
PAGED_KEYS: tuple[str, ...] = (*SEARCH_KEYS, "page")
SORT_VALUES = ("relevance", "newest", "title")


class BadRequest(Exception):
    """A query string the API refuses, with the message the caller sees (400)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _shown(key: str) -> str:
    """A parameter name as it may appear in a message: printable and short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in key)
    return text[:40] + ("…" if len(text) > 40 else "")


def checked_params(params: QueryDict, *, paged: bool = True) -> QueryDict:
    """The query string, checked more strictly than the catalogue page does (``BadRequest``), without
    ``page`` where there are no pages."""
    # ``page`` is accepted everywhere, so the catalogue's own query string can be passed on as it is
    # (e.g. to the exports); where there are no pages it is ignored.
    allowed = PAGED_KEYS
    unknown = sorted({_shown(key) for key in params if key not in allowed})
    if unknown:
        raise BadRequest(
            "Unknown parameter(s): %s. Known parameters: %s." % (", ".join(unknown[:10]), ", ".join(allowed))
        )
    sort = params.get("sort", "")
    if sort and sort not in SORT_VALUES:
        raise BadRequest("sort must be one of: %s." % ", ".join(SORT_VALUES))
    if paged and "page" in params:
        page = params.get("page", "")
        if not (page.isascii() and page.isdigit() and len(page) <= 6 and 1 <= int(page) <= MAX_PAGE):
            raise BadRequest(
                "page must be a whole number from 1 to %d (the result window); refine the search to see more, "
                "or use the exports for the whole result set." % MAX_PAGE
            )
    elif not paged:
        params = params.copy()
        params.pop("page", None)
    return params


def search_request(params: QueryDict, *, paged: bool = True) -> SearchRequest:
    """The catalogue's search request for this query string, or ``BadRequest``."""
    return request_from_params(checked_params(params, paged=paged))


def requested_page(params: QueryDict) -> int:
    """The page asked for (already validated by ``search_request``)."""
    page = params.get("page", "1")
    return int(page) if page.isdigit() else 1


# --- The OpenAPI description of the same parameters ---------------------------------------------

_FACET_HELP = (
    "Values are slugs (see /api/v1/taxonomies/), ISO 3166 alpha-2 codes (country) or four-digit years (year). "
    "Repeat the parameter for several values: they combine with OR; different facets combine with AND. "
    f"At most {MAX_VALUES_PER_FACET} values are used; a value that does not exist matches nothing."
)

_search_fields: dict[str, Any] = {
    "q": (
        str | None,
        Field(
            None,
            description=(
                "Full-text query: every word must match. Control characters are removed; longer than "
                f"{MAX_QUERY_LENGTH} characters it is shortened (see messages)."
            ),
        ),
    ),
    "sort": (
        Literal["relevance", "newest", "title"] | None,
        Field(None, description="relevance (needs q; the default with q), newest (the default without q) or title."),
    ),
    "lang": (
        Literal["en", "fr", "es", "ar"] | None,
        Field(None, description="Language of taxonomy names and labels: en (the default), fr, es or ar."),
    ),
}
for _spec in FACETS:
    _search_fields[_spec.key] = (
        list[str] | None,
        Field(None, description=f"{_spec.label}. {_FACET_HELP}"),
    )

CatalogueSearchQuery = create_model("CatalogueSearchQuery", __base__=Schema, **_search_fields)
CatalogueQuery = create_model(
    "CatalogueQuery",
    __base__=CatalogueSearchQuery,
    page=(
        int,
        Field(1, ge=1, le=MAX_PAGE, description=f"Page of {PER_PAGE} results, from 1 to {MAX_PAGE} (the result window)."),
    ),
)
