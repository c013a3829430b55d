"""The public fields of a case, declared once: the API, the exports and the search document derive from here.

``UseCasePage`` holds every field of a case that may ever be published; this
module says which of them leave the site and how: under which name, as what
kind of value, in list items or only in the detail, in which search-document
field, behind which catalogue filter. Nothing is copied wholesale from the
model, so a field added to the page later (or a confidential one by mistake)
reaches no answer, export or index until it is declared here, in a reviewed
change. The organisation appears only in its public form (``organisation_display``:
the anonymised label when the submitter asked to hide the name).

Who derives what:

- ``showcase.api.case_fields``: the API's allow-lists (``SUMMARY_FIELDS``: the fields
  with ``in_list``; ``DETAIL_FIELDS``: all) and one value builder per kind;
  ``showcase.api.schemas``: the answer shapes (one type per kind, the descriptions);
- ``showcase.api.export``: one column per field, in this order, then the ``slug_column``\\ s;
- ``showcase.search.documents``: a document field per ``search`` value, built from ``source``;
- ``showcase.search.facets``: a catalogue filter per field with a ``facet`` (its key and legend);
- ``showcase.search.indexing``, ``showcase.drafts``, ``UseCasePage.clean`` and
  ``UseCasePage.search_fields``: the relation and searched-text names.

The order is the reader's (identity, what and who, the classification, the texts
in the order the case page shows them, the dates) and it is the export's column
order, which is append-only (docs/API.md): a new field goes at the end.
``tests/factories.py`` keeps its own copy of the public text fields on purpose, so
that a field dropped from here is caught by the tests of the API and the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import taxonomies
from .taxonomies import Taxonomy

#: id: the page's id; text: a string as stored; url: the page's full address; choice: a code and its
#: label; relation: taxonomy values (slug and name); countries: ISO codes; tags: free tags;
#: flag: true or false; date: ISO 8601 date-time.
Kind = Literal["id", "text", "url", "choice", "relation", "countries", "tags", "flag", "date"]
#: How the search document holds the field: searched words, a keyword (filters, facets),
#: a value only shown on a card, a date, a boolean; "" when it is not in the document.
SearchAs = Literal["", "text", "keyword", "stored", "date", "boolean"]


@dataclass(frozen=True)
class PublicField:
    name: str  # the key in the API, the export column, the search-document field
    kind: Kind
    description: str  # for the export schema and the API's documentation (English, like the API)
    source: str = ""  # the UseCasePage attribute it is read from, when not ``name``
    in_list: bool = False  # in a list item (API list), not only in one case's detail
    search: SearchAs = ""
    slug_column: str = ""  # the export's extra column of slugs (relations and tags)
    facet: str = ""  # the catalogue's filter: /cases/?<facet>=<value>
    facet_label: Promise | str = ""
    export_version: int = 1  # the export's columns are append-only: a field added later comes after the slug columns

    @property
    def attribute(self) -> str:
        return self.source or self.name


@dataclass(frozen=True)
class Relation(PublicField):
    """A taxonomy the case is classified by: a catalogue filter with counts."""

    model: type[Taxonomy] | None = None
    many: bool = False
    derived: bool = False  # computed when the page is saved (regions, from the countries), never chosen


def _relation(name: str, model: type[Taxonomy], facet: str, label: Promise, description: str, **options) -> Relation:
    return Relation(
        name, "relation", description, model=model, facet=facet, facet_label=label, in_list=True, search="keyword",
        **options,
    )  # fmt: skip


PUBLIC_FIELDS: tuple[PublicField, ...] = (
    PublicField("id", "id", "The case's stable identifier.", source="pk", in_list=True),
    PublicField("slug", "text", "The last part of the case's address; /api/v1/cases/<slug>/ returns it.", in_list=True),
    PublicField("url", "url", "The case's public page.", in_list=True),
    PublicField("title", "text", "Title.", in_list=True, search="text"),
    PublicField("summary", "text", "Short summary.", in_list=True, search="text"),
    PublicField(
        "content_language", "text", "Language the case is written in (en, fr, es, ar…).", in_list=True, search="keyword"
    ),
    PublicField(
        "organisation", "text", "The organisation, or an anonymised label when its name is hidden.",
        source="organisation_display", in_list=True, search="stored",
    ),  # fmt: skip
    _relation(
        "organisation_type", taxonomies.OrganisationType, "organisation_type", _("Organisation type"),
        "Organisation type.",
    ),  # fmt: skip
    PublicField(
        "countries", "countries", "Countries where it is used (ISO 3166-1 alpha-2 codes).",
        in_list=True, search="keyword", facet="country", facet_label=_("Country"),
    ),  # fmt: skip
    _relation(
        "regions", taxonomies.Region, "region", _("Region"), "UN M49 regions (derived from the countries).",
        many=True, derived=True,
    ),  # fmt: skip
    _relation("deployment_stage", taxonomies.DeploymentStage, "stage", _("Deployment stage"), "Deployment stage."),
    _relation(
        "use_categories", taxonomies.UseCategory, "category", _("Use category"), "Use categories.",
        many=True, slug_column="use_category_slugs",
    ),  # fmt: skip
    _relation(
        "ai_techniques", taxonomies.AITechnique, "technique", _("AI technique"), "AI techniques.",
        many=True, slug_column="ai_technique_slugs",
    ),  # fmt: skip
    _relation(
        "crime_areas", taxonomies.CrimeArea, "crime_area", _("Crime area"), "Crime areas.",
        many=True, slug_column="crime_area_slugs",
    ),  # fmt: skip
    _relation(
        "affected_persons", taxonomies.AffectedPersonGroup, "affected", _("Affected persons"),
        "Persons whose data or situation the system touches.", many=True,
    ),  # fmt: skip
    _relation(
        "risk_tier", taxonomies.RiskTier, "risk_tier", _("Risk tier"), "EU AI Act risk class claimed by the submitter.",
        source="risk_tier_claimed",
    ),  # fmt: skip
    _relation(
        "decision_role", taxonomies.DecisionRole, "decision_role", _("Decision role"),
        "What the output does in the decision.",
    ),  # fmt: skip
    PublicField(
        "tags", "tags", "Free tags.", in_list=True, search="keyword", slug_column="tag_slugs",
        facet="tag", facet_label=_("Tag"),
    ),  # fmt: skip
    PublicField("problem", "text", "Problem addressed.", search="text"),
    PublicField("benefits", "text", "Observed or expected benefits.", search="text"),
    PublicField("outputs", "text", "What the system produces.", search="text"),
    PublicField("build_approach", "choice", "How it was built."),
    PublicField("supplier_name", "text", "Supplier, when one is involved."),
    PublicField("data_summary", "text", "Data used (public summary)."),
    PublicField("legal_basis_summary", "text", "Legal basis (public summary)."),
    PublicField("necessity_proportionality", "text", "Necessity and proportionality."),
    PublicField("annex_iii_point", "choice", "EU AI Act Annex III point."),
    PublicField("impact_assessments_summary", "text", "Impact assessments (public summary)."),
    PublicField("evaluation_summary", "text", "Evaluation, accuracy and bias testing (public summary)."),
    PublicField("human_oversight", "text", "Human oversight."),
    PublicField("redress_route", "text", "How an affected person can challenge an outcome."),
    PublicField("accountable_role", "text", "Accountable role (a title, never a person's name)."),
    PublicField("logging_audit_summary", "text", "Logging and audit (public summary)."),
    PublicField(
        "attendees_only", "flag", "Only logged-in attendees see this case.",
        source="is_attendees_only", in_list=True, search="boolean",
    ),  # fmt: skip
    PublicField("first_published_at", "date", "First publication (ISO 8601, UTC).", in_list=True, search="date"),
    PublicField("last_published_at", "date", "Latest publication (ISO 8601, UTC).", in_list=True, search="date"),
    PublicField(
        "case_number", "text",
        "The case's permanent public number (PREFIX-YEAR-SEQUENCE, e.g. AILE-2026-0042), given at first "
        "publication and never changed or reused; /cases/id/<case_number>/ leads to the case.",
        in_list=True, search="keyword", export_version=2,
    ),  # fmt: skip
    PublicField(
        "review_due", "date", "Day by which the organisation is due to confirm the case (ISO 8601 date).",
        in_list=True, search="date", facet="review", facet_label=_("Review"), export_version=3,
    ),  # fmt: skip
    PublicField(
        "last_confirmed", "date", "Day the case was last published or confirmed accurate (ISO 8601 date).",
        export_version=3,
    ),  # fmt: skip
    PublicField(
        "may_be_out_of_date", "flag", "True once the review-due day has passed without a confirmation.",
        in_list=True, export_version=3,
    ),  # fmt: skip
    PublicField(
        "retired_note", "text", "Why the case was retired (deployment stage \"retired\"), if given.",
        export_version=3,
    ),  # fmt: skip
)

#: The taxonomy relations, in reader order.
RELATIONS: tuple[Relation, ...] = tuple(field for field in PUBLIC_FIELDS if isinstance(field, Relation))
#: The many-valued classifications a submitter or an editor chooses, at least one each.
CHOSEN_MANY: tuple[str, ...] = tuple(r.attribute for r in RELATIONS if r.many and not r.derived)
#: The single-valued classifications (foreign keys of ``UseCasePage``).
CHOSEN_ONE: tuple[str, ...] = tuple(r.attribute for r in RELATIONS if not r.many)
#: The text whose words a catalogue search looks at (both backends), as ``UseCasePage`` attributes.
SEARCHED_TEXT: tuple[str, ...] = tuple(f.attribute for f in PUBLIC_FIELDS if f.search == "text")
#: The taxonomies whose names (and the tags) are searched as words too, by both backends.
SEARCHED_RELATIONS: tuple[str, ...] = ("use_categories", "ai_techniques", "crime_areas")
