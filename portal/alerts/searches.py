"""A saved search: the catalogue's own query string, validated and normalised; and how to describe it.

A saved search holds only what the catalogue search uses — ``q`` and the facet keys
(``showcase.search.facets``) — in the catalogue's canonical order, so two ways of
writing the same search are one alert. It is parsed by the catalogue's own rules
(``showcase.search.request_from_params``); unlike the catalogue, which ignores
unknown keys and shortens long queries, an alert refuses them with a message, so a
person never gets alerts for a search that is not the one they think.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django_countries import countries
from taggit.models import Tag

from showcase.search import SearchRequest, request_from_params
from showcase.search.facets import FACETS_BY_KEY
from showcase.search.request import CONTROL_CHARACTERS, MAX_QUERY_LENGTH
from showcase.search.taxonomy_names import taxonomy_labels

#: The keys a saved search may hold; the form's own fields are set aside before parsing.
SEARCH_KEYS = frozenset({"q", *FACETS_BY_KEY})
#: Keys of the catalogue page that say how to show results, not which: accepted and dropped.
DISPLAY_KEYS = frozenset({"sort", "page"})
MAX_QUERY_STRING_LENGTH = 2000


class InvalidSearch(ValueError):
    """The search cannot be saved; the message says why, in the person's language."""


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    if getlist is not None:
        return [str(value) for value in getlist(key)]
    value = params.get(key)
    return [] if value is None else [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


def _check_raw(params: Mapping[str, Any]) -> None:
    unknown = sorted(set(params) - SEARCH_KEYS - DISPLAY_KEYS)
    if unknown:
        raise InvalidSearch(_("This search has parameters the catalogue does not know: %(keys)s.")
                            % {"keys": ", ".join(key[:40] for key in unknown[:5])})
    for key in SEARCH_KEYS:
        for value in _values(params, key):
            if CONTROL_CHARACTERS.search(value):
                raise InvalidSearch(_("This search contains control characters."))
            if key == "q" and len(value.strip()) > MAX_QUERY_LENGTH:
                raise InvalidSearch(_("The search text is limited to %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH})


def parse_search(params: Mapping[str, Any]) -> SearchRequest:
    """The catalogue's request for ``params``; ``InvalidSearch`` when anything in it would be dropped or changed."""
    _check_raw(params)
    queries = _values(params, "q")
    if len(queries) > 1:
        raise InvalidSearch(_("A search has one text."))
    plain: dict[str, Any] = {key: _values(params, key) for key in FACETS_BY_KEY if _values(params, key)}
    search = request_from_params({**plain, "q": queries[0] if queries else ""})
    if search.invalid:
        raise InvalidSearch(_("“%(value)s” is not a possible value of %(facet)s.")
                            % {"value": search.invalid[0].raw, "facet": search.invalid[0].facet.label})
    if search.messages:  # too many values of one facet
        raise InvalidSearch(search.messages[0])
    return search


def query_string(search: SearchRequest) -> str:
    """The normal form: ``q`` then each facet in the catalogue's order, values in the order given."""
    params = QueryDict(mutable=True)
    if search.query:
        params["q"] = search.query
    for key, values in search.filters.items():
        params.setlist(key, list(values))
    encoded = params.urlencode()
    if len(encoded) > MAX_QUERY_STRING_LENGTH:
        raise InvalidSearch(_("This search is too long to save."))
    return encoded


def normalise(params: Mapping[str, Any]) -> str:
    return query_string(parse_search(params))


def stored_search(saved_query_string: str) -> SearchRequest:
    """The request a stored (already normalised) query string stands for."""
    return request_from_params(QueryDict(saved_query_string))


def _value_names(key: str, values: tuple[str, ...], labels: dict[str, list[tuple[str, str]]]) -> list[str]:
    kind = FACETS_BY_KEY[key].kind
    if kind in ("fk", "m2m"):
        names = dict(labels.get(key, []))
        return [names.get(value, value) for value in values]
    if kind == "country":
        return [str(countries.name(value)) or value for value in values]
    if kind == "tag":
        names = dict(Tag.objects.filter(slug__in=values).values_list("slug", "name"))
        return [names.get(value, value) for value in values]
    return list(values)


def describe(saved_query_string: str) -> list[str]:
    """Readable lines, in the active language: the words searched, then "Facet: value, value" per filter."""
    search = stored_search(saved_query_string)
    lines = [_("Words: “%(query)s”") % {"query": search.query}] if search.query else []
    labels = taxonomy_labels() if search.filters else {}
    for key, values in search.filters.items():
        names = ", ".join(_value_names(key, values, labels))
        lines.append(f"{FACETS_BY_KEY[key].label}: {names}")
    return lines or [_("All use cases")]
