"""The search document of a case: the public fields ``showcase.public_fields`` marks for search, and a few of its own.

Only what the catalogue shows or filters on goes into the index. The public
fields with a ``search`` value are mapped by it (searched words, a keyword for
filters and facets, a value only shown on a card, a date, a boolean) and read
from the live ``UseCasePage`` (always ``.specific``) by the preparer of their
kind; the document's own fields (``OWN_FIELDS``: the page id, its address, the
names a card shows, the year facet and who may see it) each have a ``prepare_<field>``
method. Nothing is copied wholesale from the model, so a field added to the page
later (or a confidential one by mistake) never reaches the index without a reviewed
change. The organisation's name is indexed only in its public form
(``organisation_display``: the anonymised label when the submitter asked to hide the name).

Who may see a case is stored as ``audience`` (see ``showcase.search.audience``);
every query filters on it.

Analysis: English (possessives, stop words, Porter stemming) with ASCII folding
at index and search time (the domain thesaurus is applied by expanding the query:
``showcase.search.expansion``); an edge n-gram sub-field of the title for autocomplete; keyword
fields for the facets; a lower-cased keyword of the title for sorting. Case text written in
French or Spanish (``content_language``) is also indexed, title, summary and body together, in a
field of its own analysed with Elasticsearch's built-in ``french`` / ``spanish`` analyser
(``LANGUAGE_FIELDS``: elision, that language's stop words and light stemming), which the query
searches beside the English fields: "reconnaissances faciales" finds "reconnaissance faciale",
"analyse" finds "l'analyse". (The built-in analysers, not custom chains: the official image has
them, and the test node gets the same Lucene analysers from tools/elasticsearch/analysis-plugin.)
https://www.elastic.co/guide/en/elasticsearch/reference/8.19/analysis-synonym-graph-tokenfilter.html
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Field,
    Index,
    Integer,
    Keyword,
    Mapping,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from ..countries import country_names
from ..public_fields import PUBLIC_FIELDS, SEARCHED_RELATIONS, SEARCHED_TEXT, PublicField, Relation
from ..visibility import ATTENDEES
from .audience import AccessContext, audience_for

# --- Analysis -----------------------------------------------------------------------------

english_possessive = token_filter("catalogue_possessive", type="stemmer", language="possessive_english")
english_stop = token_filter("catalogue_stop", type="stop", stopwords="_english_")
english_stemmer = token_filter("catalogue_stemmer", type="stemmer", language="english")
autocomplete_grams = token_filter("catalogue_edge_ngram", type="edge_ngram", min_gram=1, max_gram=20)

#: Index time.
text_analyzer = analyzer(
    "catalogue_text",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", english_possessive, english_stop, english_stemmer],
)
#: Search time: the same chain. Synonyms are not applied here but by expanding the query in
#: Python (``expansion``), so that the thesaurus editors keep takes effect without a reindex.
query_analyzer = analyzer(
    "catalogue_query",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", english_possessive, english_stop, english_stemmer],
)
autocomplete_analyzer = analyzer(
    "catalogue_autocomplete",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", autocomplete_grams],
)
autocomplete_query_analyzer = analyzer(
    "catalogue_autocomplete_query", tokenizer="standard", filter=["lowercase", "asciifolding"]
)
sortable = normalizer("catalogue_sortable", filter=["lowercase", "asciifolding"])

#: Case language (``content_language``) → the document field holding its text, and that field's
#: built-in analyser. Cases in other languages (English, Arabic…) have only the English analysis.
LANGUAGE_ANALYSERS: dict[str, str] = {"fr": "french", "es": "spanish"}
LANGUAGE_FIELDS: dict[str, str] = {code: f"text_{code}" for code in LANGUAGE_ANALYSERS}


def _text(**kwargs: Any) -> Text:
    return Text(analyzer=text_analyzer, search_analyzer=query_analyzer, copy_to="search_text", **kwargs)


def _stored(**kwargs: Any) -> Keyword:
    """Shown on a card, never searched or filtered."""
    return Keyword(index=False, **kwargs)


def _title() -> Text:
    return _text(
        fields={
            "raw": Keyword(normalizer=sortable),
            "autocomplete": Text(analyzer=autocomplete_analyzer, search_analyzer=autocomplete_query_analyzer),
        }
    )


#: The page attributes of the searched text (title, summary, body), read for the language fields.
TEXT_ATTRIBUTES: tuple[str, ...] = SEARCHED_TEXT

#: The public fields the document holds, in the declaration's order.
PUBLIC_DOCUMENT_FIELDS: tuple[PublicField, ...] = tuple(field for field in PUBLIC_FIELDS if field.search)
#: How a public field is mapped, by its ``search`` value.
MAPPED_AS: dict[str, Callable[[], Field]] = {
    "text": _text, "keyword": Keyword, "stored": _stored, "date": Date, "boolean": Boolean,
}  # fmt: skip


def _public_mapping() -> Mapping:
    mapping = Mapping()
    for field in PUBLIC_DOCUMENT_FIELDS:
        mapping.field(field.name, _title() if field.name == "title" else MAPPED_AS[field.search]())
    return mapping


class CaseDocument(Document):
    """The mapping: the public fields (``Meta.mapping``) and the document's own fields below."""

    page_id = Integer()
    # Every searched text field is copied here, so that all the words of a query may match
    # across fields (and typo tolerance works across them too).
    search_text = Text(analyzer=text_analyzer, search_analyzer=query_analyzer)
    # The names of the case's categories, techniques and crime areas, and of its countries: people
    # search with these words ("NLP", "human trafficking", "Kenya") even where the case's text does not.
    taxonomy_names = _text()
    # The searched text again, only in the document of a case written in French or Spanish.
    text_fr = Text(analyzer=LANGUAGE_ANALYSERS["fr"])
    text_es = Text(analyzer=LANGUAGE_ANALYSERS["es"])
    url = _stored()
    url_path = _stored()
    # The names a card shows (the facet fields hold slugs).
    use_category_names = _stored()
    deployment_stage_name = _stored()
    year = Integer()
    # Access
    audience = Keyword()
    restricted = Boolean()
    has_image = Boolean()  # saves the thumbnail query for cards without pictures

    class Meta:
        mapping = _public_mapping()

    class Index:
        # The real name comes from settings (showcase.search.connection); see index_for().
        name = "catalogue-cases-unnamed"


#: The document's own fields, each built by ``CasePreparer.prepare_<name>``.
OWN_FIELDS: tuple[str, ...] = (
    "page_id", "url", "url_path", "taxonomy_names", *LANGUAGE_FIELDS.values(), "use_category_names",
    "deployment_stage_name", "year", "audience", "restricted", "has_image",
)  # fmt: skip

#: The allow-list: every field of the document that is sent.
ALLOWED_FIELDS: tuple[str, ...] = (*(field.name for field in PUBLIC_DOCUMENT_FIELDS), *OWN_FIELDS)
#: Filled by Elasticsearch itself (copy_to), never sent.
DERIVED_FIELDS: tuple[str, ...] = ("search_text",)

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


def index_for(name: str) -> Index:
    """The index definition (settings, analysis, mapping) under a concrete name."""
    index = Index(name)
    index.settings(**INDEX_SETTINGS)
    index.document(CaseDocument)
    return index


# --- Preparing a document ---------------------------------------------------------------------

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: Any) -> str:
    """Plain text without control characters (they mark highlights in search responses)."""
    return CONTROL_CHARACTERS.sub(" ", str(text or ""))


def _values(page: Any, relation: str) -> list[tuple[str, str, int]]:
    """(slug, name, sort order) of a many-to-many relation: preloaded in bulk, or from the page."""
    preloaded = getattr(page, "_catalogue_relations", None)
    if preloaded is not None:
        return preloaded.get(relation, [])
    return [(v.slug, v.name, v.sort_order or 0) for v in getattr(page, relation).all()]


def _slugs(page: Any, relation: str) -> list[str]:
    return sorted(slug for slug, _name, _order in _values(page, relation))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _slug_of(page: Any, relation: str) -> str | None:
    return getattr(page, relation).slug if getattr(page, f"{relation}_id") else None


def public_preparer(field: PublicField) -> Callable[[Any], Any]:
    """How a public field's document value is read from a page (or an ``indexing.CaseRow``), by its kind."""
    name = field.attribute
    if isinstance(field, Relation):
        return (lambda page: _slugs(page, name)) if field.many else (lambda page: _slug_of(page, name))
    if field.kind == "date":
        return lambda page: _iso(getattr(page, name))
    if field.search in ("text", "stored"):
        return lambda page: clean(getattr(page, name))
    return lambda page: getattr(page, name)


class CasePreparer:
    """Builds the document of one live case: ``prepare_<name>`` where a field needs its own, else by kind."""

    def __init__(self, access: AccessContext) -> None:
        self.access = access
        self.preparers: dict[str, Callable[[Any], Any]] = {
            field.name: getattr(self, f"prepare_{field.name}", None) or public_preparer(field)
            for field in PUBLIC_DOCUMENT_FIELDS
        }
        self.preparers.update({name: getattr(self, f"prepare_{name}") for name in OWN_FIELDS})

    def prepare(self, page: Any) -> dict[str, Any]:
        return {name: self.preparers[name](page) for name in ALLOWED_FIELDS}

    # --- Public fields that need more than their kind's preparer ---

    def prepare_countries(self, page: Any) -> list[str]:
        countries = page.countries or []
        if isinstance(countries, str):  # the raw "NL,KE" column (bulk rows)
            countries = countries.split(",")
        return sorted({str(getattr(country, "code", country)) for country in countries if country})

    def prepare_tags(self, page: Any) -> list[str]:
        preloaded = getattr(page, "_catalogue_tags", None)
        return sorted(preloaded if preloaded is not None else (tag.slug for tag in page.tags.all()))

    def prepare_attendees_only(self, page: Any) -> bool:
        return page.visibility == ATTENDEES  # rows read for a rebuild have no is_attendees_only

    # --- The document's own fields ---

    def prepare_page_id(self, page: Any) -> int:
        return page.pk

    def prepare_url(self, page: Any) -> str:
        """The page's path in the default language (no prefix); ``cards.localized`` adds the reader's."""
        from django.conf import settings
        from django.utils import translation

        preloaded = getattr(page, "_catalogue_url", None)
        if preloaded:
            return preloaded
        with translation.override(settings.LANGUAGE_CODE):
            return page.get_url() or page.url_path

    def prepare_url_path(self, page: Any) -> str:
        return page.url_path

    def prepare_taxonomy_names(self, page: Any) -> list[str]:
        names = [name for relation in SEARCHED_RELATIONS for _slug, name, _order in _values(page, relation)]
        return [*names, country_names(self.prepare_countries(page))]

    def _text_in(self, page: Any, language: str) -> list[str] | None:
        """The searched text of a case written in ``language``; None (no field) for a case in another."""
        if (page.content_language or "") != language:
            return None
        return [text for text in (clean(getattr(page, name)) for name in TEXT_ATTRIBUTES) if text.strip()]

    def prepare_text_fr(self, page: Any) -> list[str] | None:
        return self._text_in(page, "fr")

    def prepare_text_es(self, page: Any) -> list[str] | None:
        return self._text_in(page, "es")

    def prepare_use_category_names(self, page: Any) -> list[str]:
        return [name for _slug, name, _order in sorted(_values(page, "use_categories"), key=lambda v: (v[2], v[1]))]

    def prepare_deployment_stage_name(self, page: Any) -> str:
        return page.deployment_stage.name if page.deployment_stage_id else ""

    def prepare_year(self, page: Any) -> int | None:
        return page.first_published_at.year if page.first_published_at else None

    def prepare_audience(self, page: Any) -> list[str]:
        return audience_for(self.access.for_page(page.pk), page.visibility, self.access.attendees_group_id)

    def prepare_restricted(self, page: Any) -> bool:
        return bool(self.access.for_page(page.pk)) or page.visibility == ATTENDEES

    def prepare_has_image(self, page: Any) -> bool:
        preloaded = getattr(page, "_catalogue_has_image", None)
        return preloaded if preloaded is not None else page.images.exists()
