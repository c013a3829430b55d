"""The search document of a case: an explicit allow-list of public fields, one ``prepare_<field>`` each.

Only what the catalogue shows or filters on goes into the index. Every field
below is listed in ``ALLOWED_FIELDS`` and built by its own ``prepare_<field>``
method from the live ``UseCasePage`` (always ``.specific``); nothing is copied
wholesale from the model, so a field added to the page later (or a confidential
one by mistake) never reaches the index without a reviewed change here. The
organisation's name is indexed only in its public form (``organisation_display``:
the anonymised label when the submitter asked to hide the name).

Who may see a case is stored as ``audience``: the tokens a user must hold one of
(``anyone``, ``authenticated``, ``group:<id>``), derived from the page's view
restrictions (and its ancestors') and its ``visibility`` field — the rule
``showcase.visibility.visible_pages`` applies in SQL. Every query filters on it,
so restricted cases never reach hits, facet counts, suggestions or related cases.

Analysis: English (possessives, stop words, Porter stemming) with ASCII folding
at index time; the same chain plus the domain synonyms (``synonyms.SYNONYMS``) at
search time; an edge n-gram sub-field of the title for autocomplete; keyword
fields for the facets; a lower-cased keyword of the title for sorting.
https://www.elastic.co/guide/en/elasticsearch/reference/8.19/analysis-synonym-graph-tokenfilter.html
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Q
from elasticsearch.dsl import Boolean, Date, Document, Index, Integer, Keyword, Text, analyzer, normalizer, token_filter
from wagtail.models import Page, PageViewRestriction

from ..visibility import ATTENDEES, ATTENDEES_GROUP
from .synonyms import SYNONYMS

# --- Analysis -----------------------------------------------------------------------------

english_possessive = token_filter("catalogue_possessive", type="stemmer", language="possessive_english")
english_stop = token_filter("catalogue_stop", type="stop", stopwords="_english_")
english_stemmer = token_filter("catalogue_stemmer", type="stemmer", language="english")
domain_synonyms = token_filter("catalogue_synonyms", type="synonym_graph", synonyms=list(SYNONYMS), expand=True)
autocomplete_grams = token_filter("catalogue_edge_ngram", type="edge_ngram", min_gram=1, max_gram=20)

#: Index time: no synonyms (changing the list then needs no reindex).
text_analyzer = analyzer(
    "catalogue_text",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", english_possessive, english_stop, english_stemmer],
)
#: Search time: the synonyms sit after lower-casing and folding, before stemming.
query_analyzer = analyzer(
    "catalogue_query",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", domain_synonyms, english_possessive, english_stop, english_stemmer],
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


def _text(**kwargs: Any) -> Text:
    return Text(analyzer=text_analyzer, search_analyzer=query_analyzer, copy_to="search_text", **kwargs)


def _stored(**kwargs: Any) -> Keyword:
    """Shown on a card, never searched or filtered."""
    return Keyword(index=False, **kwargs)


class CaseDocument(Document):
    page_id = Integer()
    title = _text(
        fields={
            "raw": Keyword(normalizer=sortable),
            "autocomplete": Text(analyzer=autocomplete_analyzer, search_analyzer=autocomplete_query_analyzer),
        }
    )
    summary = _text()
    problem = _text()
    benefits = _text()
    outputs = _text()
    # Every searched text field is copied here, so that all the words of a query may match
    # across fields (and typo tolerance works across them too).
    search_text = Text(analyzer=text_analyzer, search_analyzer=query_analyzer)
    url = _stored()
    url_path = _stored()
    organisation = _stored()
    content_language = Keyword()
    # Facets (slugs, ISO codes, year) and the names a card shows.
    use_categories = Keyword()
    use_category_names = _stored()
    ai_techniques = Keyword()
    crime_areas = Keyword()
    deployment_stage = Keyword()
    deployment_stage_name = _stored()
    organisation_type = Keyword()
    regions = Keyword()
    countries = Keyword()
    risk_tier = Keyword()
    decision_role = Keyword()
    affected_persons = Keyword()
    tags = Keyword()
    year = Integer()
    first_published_at = Date()
    last_published_at = Date()
    # Access
    audience = Keyword()
    restricted = Boolean()
    attendees_only = Boolean()
    has_image = Boolean()  # saves the thumbnail query for cards without pictures

    class Index:
        # The real name comes from settings (showcase.search.connection); see index_for().
        name = "catalogue-cases-unnamed"


#: The allow-list: every field of the document, each built by ``prepare_<name>``.
ALLOWED_FIELDS: tuple[str, ...] = (
    "page_id",
    "title",
    "summary",
    "problem",
    "benefits",
    "outputs",
    "url",
    "url_path",
    "organisation",
    "content_language",
    "use_categories",
    "use_category_names",
    "ai_techniques",
    "crime_areas",
    "deployment_stage",
    "deployment_stage_name",
    "organisation_type",
    "regions",
    "countries",
    "risk_tier",
    "decision_role",
    "affected_persons",
    "tags",
    "year",
    "first_published_at",
    "last_published_at",
    "audience",
    "restricted",
    "attendees_only",
    "has_image",
)
#: Filled by Elasticsearch itself (copy_to), never sent.
DERIVED_FIELDS: tuple[str, ...] = ("search_text",)

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


def index_for(name: str) -> Index:
    """The index definition (settings, analysis, mapping) under a concrete name."""
    index = Index(name)
    index.settings(**INDEX_SETTINGS)
    index.document(CaseDocument)
    return index


# --- Access -------------------------------------------------------------------------------

ANYONE = "anyone"
AUTHENTICATED = "authenticated"


def group_token(group_id: int) -> str:
    return f"group:{group_id}"


@dataclass(frozen=True)
class Restriction:
    kind: str  # PageViewRestriction.restriction_type
    groups: frozenset[int] = frozenset()


@dataclass
class AccessContext:
    """The view restrictions that apply to each page (its own and its ancestors')."""

    restrictions: dict[int, list[Restriction]] = field(default_factory=dict)
    attendees_group_id: int | None = None

    def for_page(self, page_id: int) -> list[Restriction]:
        return self.restrictions.get(page_id, [])


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path), step)]


def access_context(pages: Iterable[Page]) -> AccessContext:
    """Restrictions of ``pages`` and their ancestors, in two queries whatever the number of pages."""
    pages = list(pages)
    by_path: dict[str, list[int]] = defaultdict(list)
    for page in pages:
        by_path[page.path].append(page.pk)
        for ancestor in _ancestor_paths(page.path):
            by_path[ancestor]  # noqa: B018  (registers the ancestor's path)
    context = AccessContext(
        attendees_group_id=Group.objects.filter(name=ATTENDEES_GROUP).values_list("pk", flat=True).first()
    )
    if not pages:
        return context
    ids = [page.pk for page in pages]
    ancestors = [path for path, own in by_path.items() if not own]
    rows = (
        PageViewRestriction.objects.filter(Q(page_id__in=ids) | Q(page__path__in=ancestors))
        .values_list("pk", "page__path", "restriction_type", "groups")
        .order_by("pk")
    )
    found: dict[int, tuple[str, str, set[int]]] = {}
    for pk, path, kind, group_id in rows:
        entry = found.setdefault(pk, (path, kind, set()))
        if group_id is not None:
            entry[2].add(group_id)
    restrictions_by_path: dict[str, list[Restriction]] = defaultdict(list)
    for path, kind, groups in found.values():
        restrictions_by_path[path].append(Restriction(kind, frozenset(groups)))
    for page in pages:
        applying: list[Restriction] = list(restrictions_by_path.get(page.path, []))
        for ancestor in _ancestor_paths(page.path):
            applying.extend(restrictions_by_path.get(ancestor, []))
        context.restrictions[page.pk] = applying
    return context


def audience_for(restrictions: list[Restriction], visibility: str, attendees_group_id: int | None) -> list[str]:
    """The tokens of which a user must hold one to see the case (superusers see everything).

    Exact for the restrictions the site creates (one group restriction per attendees-only
    case, or a login restriction); when several group restrictions combine, only the groups
    common to all of them are admitted, which can hide a case from someone Wagtail would
    admit but never shows one to someone it would refuse.
    """
    tokens: set[str]
    if any(r.kind == PageViewRestriction.PASSWORD for r in restrictions):
        tokens = set()  # a listing cannot know the password was entered: superusers only
    else:
        group_sets = [r.groups for r in restrictions if r.kind == PageViewRestriction.GROUPS]
        if group_sets:
            tokens = {group_token(g) for g in frozenset.intersection(*group_sets)}
        elif any(r.kind == PageViewRestriction.LOGIN for r in restrictions):
            tokens = {AUTHENTICATED}
        else:
            tokens = {ANYONE}
    if visibility == ATTENDEES:
        attendees = group_token(attendees_group_id) if attendees_group_id is not None else None
        if tokens & {ANYONE, AUTHENTICATED}:
            tokens = {attendees} if attendees else set()
        else:
            tokens = tokens & {attendees} if attendees else set()
    return sorted(tokens)


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


class CasePreparer:
    """Builds the document of one live case; one method per allowed field."""

    def __init__(self, access: AccessContext) -> None:
        self.access = access

    def prepare(self, page: Any) -> dict[str, Any]:
        return {name: getattr(self, f"prepare_{name}")(page) for name in ALLOWED_FIELDS}

    def prepare_page_id(self, page: Any) -> int:
        return page.pk

    def prepare_title(self, page: Any) -> str:
        return clean(page.title)

    def prepare_summary(self, page: Any) -> str:
        return clean(page.summary)

    def prepare_problem(self, page: Any) -> str:
        return clean(page.problem)

    def prepare_benefits(self, page: Any) -> str:
        return clean(page.benefits)

    def prepare_outputs(self, page: Any) -> str:
        return clean(page.outputs)

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

    def prepare_organisation(self, page: Any) -> str:
        return clean(page.organisation_display)  # never the hidden name

    def prepare_content_language(self, page: Any) -> str:
        return page.content_language

    def prepare_use_categories(self, page: Any) -> list[str]:
        return _slugs(page, "use_categories")

    def prepare_use_category_names(self, page: Any) -> list[str]:
        return [name for _slug, name, _order in sorted(_values(page, "use_categories"), key=lambda v: (v[2], v[1]))]

    def prepare_ai_techniques(self, page: Any) -> list[str]:
        return _slugs(page, "ai_techniques")

    def prepare_crime_areas(self, page: Any) -> list[str]:
        return _slugs(page, "crime_areas")

    def prepare_deployment_stage(self, page: Any) -> str | None:
        return page.deployment_stage.slug if page.deployment_stage_id else None

    def prepare_deployment_stage_name(self, page: Any) -> str:
        return page.deployment_stage.name if page.deployment_stage_id else ""

    def prepare_organisation_type(self, page: Any) -> str | None:
        return page.organisation_type.slug if page.organisation_type_id else None

    def prepare_regions(self, page: Any) -> list[str]:
        return _slugs(page, "regions")

    def prepare_countries(self, page: Any) -> list[str]:
        countries = page.countries or []
        if isinstance(countries, str):  # the raw "NL,KE" column (bulk rows)
            countries = countries.split(",")
        return sorted({str(getattr(country, "code", country)) for country in countries if country})

    def prepare_risk_tier(self, page: Any) -> str | None:
        return page.risk_tier_claimed.slug if page.risk_tier_claimed_id else None

    def prepare_decision_role(self, page: Any) -> str | None:
        return page.decision_role.slug if page.decision_role_id else None

    def prepare_affected_persons(self, page: Any) -> list[str]:
        return _slugs(page, "affected_persons")

    def prepare_tags(self, page: Any) -> list[str]:
        preloaded = getattr(page, "_catalogue_tags", None)
        return sorted(preloaded if preloaded is not None else (tag.slug for tag in page.tags.all()))

    def prepare_year(self, page: Any) -> int | None:
        return page.first_published_at.year if page.first_published_at else None

    def prepare_first_published_at(self, page: Any) -> str | None:
        return _iso(page.first_published_at)

    def prepare_last_published_at(self, page: Any) -> str | None:
        return _iso(page.last_published_at)

    def prepare_audience(self, page: Any) -> list[str]:
        return audience_for(self.access.for_page(page.pk), page.visibility, self.access.attendees_group_id)

    def prepare_restricted(self, page: Any) -> bool:
        return bool(self.access.for_page(page.pk)) or page.visibility == ATTENDEES

    def prepare_attendees_only(self, page: Any) -> bool:
        return page.visibility == ATTENDEES

    def prepare_has_image(self, page: Any) -> bool:
        preloaded = getattr(page, "_catalogue_has_image", None)
        return preloaded if preloaded is not None else page.images.exists()


def user_audience(user: Any) -> list[str] | None:
    """The tokens ``user`` holds; None for a superuser (no filter at all)."""
    if user is None or not user.is_authenticated:
        return [ANYONE]
    if user.is_superuser:
        return None
    return [ANYONE, AUTHENTICATED, *(group_token(pk) for pk in user.groups.values_list("pk", flat=True))]

