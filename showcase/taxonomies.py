"""The controlled vocabularies a case is described with, managed as Wagtail snippets.

Every taxonomy has the same shape (``Taxonomy``): a name, a unique slug that
the catalogue's query strings and tag-like URLs use, a description, an order
editors can change by dragging in the admin, and an ``active`` flag. A value
that is retired (``active=False``) stays on the cases that already carry it,
and filters still find them, but the editing form no longer offers it for a
case that does not already have it (see ``showcase.forms``).

Values are seeded from ../shared/RUBRIC.md by the data migration
``0004_seed_rubric_taxonomies``; editors may reword, reorder or retire them.

Every value also has a French, Spanish and Arabic name (``name_fr``, ``name_es``,
``name_ar``), seeded by ``0013_seed_taxonomy_translations`` and editable in the same
form; ``localized_name`` picks the one of the active language, falling back to
English. Plain columns rather than django-modeltranslation: that library swaps
``name`` itself for the active language's column and rewrites ``filter(name=…)``
lookups per request, while the slug, search index and seed migrations here rely on
``name`` being the English name; three optional columns keep that true.
See https://docs.wagtail.org/en/stable/topics/snippets/
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from .forms import TypedTextAdminForm


class TaxonomyQuerySet(models.QuerySet):
    def active(self) -> "TaxonomyQuerySet":
        return self.filter(active=True)

    def offered_for(self, current_pks=()) -> "TaxonomyQuerySet":
        """Values a form may offer: the active ones, plus any retired value already chosen."""
        return self.filter(Q(active=True) | Q(pk__in=[pk for pk in current_pks if pk is not None]))


#: The languages besides English a taxonomy value has a name in (each a ``name_<code>`` column).
TRANSLATED_LANGUAGES: tuple[str, ...] = ("fr", "es", "ar")


def name_field(code: str) -> str:
    """The column holding the name in ``code`` (``name`` for English and any other language)."""
    return f"name_{code}" if code in TRANSLATED_LANGUAGES else "name"


def language_code(language: str | None) -> str:
    """``fr-ca`` → ``fr``; unknown or missing → ``en``."""
    code = (language or "en").split("-")[0].lower()
    return code if code in TRANSLATED_LANGUAGES else "en"


class Taxonomy(index.Indexed, Orderable):
    """Abstract base of every taxonomy snippet."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Used in catalogue addresses, e.g. /cases/?category=<slug>. Changing it breaks saved links."),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Optional public explanation."))
    name_fr = models.CharField(_("name in French"), max_length=120, blank=True)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=120, blank=True)
    active = models.BooleanField(
        _("offered for new cases"),
        default=True,
        help_text=_("Untick to retire the value: cases that have it keep it, new cases cannot choose it."),
    )

    objects = TaxonomyQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("name_fr"), FieldPanel("name_es"), FieldPanel("name_ar")],
            heading=_("Translations"),
            help_text=_("Shown to readers of the site in that language; left empty, the English name is shown."),
        ),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("active"),
    ]
    #: Names and descriptions typed by editors lose invisible bidi and zero-width controls (showcase.text).
    base_form_class = TypedTextAdminForm
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("active")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.localized_name

    def name_in(self, language: str | None) -> str:
        """The name in ``language``, or the English one when it has none."""
        return getattr(self, name_field(language_code(language))) or self.name

    @property
    def localized_name(self) -> str:
        """The name in the active language (the site's URL prefix, or the API's ``?lang=``)."""
        return self.name_in(get_language())


class UseCategory(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("use category")
        verbose_name_plural = _("use categories")


class AITechnique(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("AI technique")
        verbose_name_plural = _("AI techniques")


class CrimeArea(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("crime area")
        verbose_name_plural = _("crime areas")


class DeploymentStage(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("deployment stage")
        verbose_name_plural = _("deployment stages")


class OrganisationType(Taxonomy):
    anonymised_label = models.CharField(
        _("anonymised label"),
        max_length=120,
        help_text=_(
            'Public. Shown instead of the organisation\'s name when the submitter asks for it, '
            'e.g. "a national police agency".'
        ),
    )

    panels = Taxonomy.panels + [FieldPanel("anonymised_label")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")


class Region(Taxonomy):
    """A UN M49 region. Cases get their regions from their countries (showcase.countries)."""

    m49_code = models.CharField(
        _("M49 code"),
        max_length=3,
        unique=True,
        help_text=_("The UN M49 numeric code (e.g. 150 for Europe); countries are mapped to regions by it."),
    )

    panels = Taxonomy.panels + [FieldPanel("m49_code")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class RiskTier(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("risk tier")
        verbose_name_plural = _("risk tiers")


class DecisionRole(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("decision role")
        verbose_name_plural = _("decision roles")


class AffectedPersonGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("affected persons")
        verbose_name_plural = _("affected persons")


#: Every taxonomy model, in the order the admin menu lists them.
TAXONOMY_MODELS: tuple[type[Taxonomy], ...] = (
    UseCategory,
    AITechnique,
    CrimeArea,
    DeploymentStage,
    OrganisationType,
    Region,
    RiskTier,
    DecisionRole,
    AffectedPersonGroup,
)
