# size: the case page model: its fields, panels, search fields, validation and save rules belong in one class
"""``UseCasePage``: the public content of one case, every field that may ever be published.

The "public" and "summary" rows of ../shared/RUBRIC.md ("What a case records").
Confidential data (contact person, e-mail, phone, the accountable person's name,
security and supplier data terms) belongs to the portal's submission record and is
deliberately absent here, so no template, search document, API or export built from
this model can leak it; which of these fields leave the site, and how, is declared in
``showcase.public_fields``.

Submitter text is plain text, stored as typed and escaped when rendered: no HTML from a submission reaches a page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from .remembered_parents import specific_parent
from .view_restrictions import RememberedViewRestrictions
from ..countries import country_names, region_codes_for
from ..forms import UseCasePageForm
from ..page_permissions import CasePermissionTester, PrivateDraftsUnindexed
from ..public_fields import SEARCHED_RELATIONS, SEARCHED_TEXT
from ..review_dates import is_out_of_date
from ..taxonomies import (
    AffectedPersonGroup,
    AITechnique,
    CrimeArea,
    DecisionRole,
    DeploymentStage,
    OrganisationType,
    Region,
    RiskTier,
    UseCategory,
)
from ..visibility import ATTENDEES, PUBLIC, VISIBILITY_CHOICES, apply_visibility
from . import case_panels as panels
from .case_numbers import CASE_NUMBER_MAX_LENGTH, next_case_number
from .case_parts import UseCaseTag
from .case_queries import UseCasePageManager
from .case_validation import case_errors

def content_language_choices() -> list[tuple[str, str]]:
    # A callable, so changing settings.LANGUAGES does not need a migration.
    return list(settings.LANGUAGES)


def _text(max_length: int) -> dict[str, Any]:
    """Plain text with a length limit that is enforced by validation, not only by the widget."""
    return {"max_length": max_length, "validators": [MaxLengthValidator(max_length)]}


class UseCasePage(PrivateDraftsUnindexed, RememberedViewRestrictions, RoutablePageMixin, Page):
    """One use case of AI in law enforcement: the public content only."""

    # --- Summary ------------------------------------------------------------
    summary = models.TextField(
        _("short summary"),
        help_text=_("Public. What the system does, for whom, in at most 350 characters."),
        **_text(350),
    )
    content_language = models.CharField(
        _("language of the content"),
        max_length=10,
        choices=content_language_choices,
        default="en",
        help_text=_("Public. The language the case is written in; the text is shown as written, labelled."),
    )

    # --- Organisation and place ----------------------------------------------
    organisation_name = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_("Public unless hidden below: the organisation that uses or built the system."),
    )
    show_organisation_name = models.BooleanField(
        _("show the organisation's name"),
        default=True,
        help_text=_('Public choice. Untick to show the organisation type\'s label instead, e.g. "a national police agency".'),
    )
    organisation_type = models.ForeignKey(
        OrganisationType,
        verbose_name=_("organisation type"),
        on_delete=models.PROTECT,
        null=True,  # null only so that an incomplete draft can be saved; required to publish
        related_name="cases",
        help_text=_("Public."),
    )
    countries = CountryField(
        _("countries"),
        multiple=True,
        max_length=1000,  # fixed, so that a new ISO code in django-countries needs no migration
        help_text=_("Public. Where the system is used. The region is derived from these."),
    )
    regions = ParentalManyToManyField(
        Region,
        verbose_name=_("regions"),
        blank=True,
        editable=False,
        related_name="cases",
        help_text=_("Public. Derived from the countries when the page is saved (UN M49)."),
    )

    # --- The problem and benefits ---------------------------------------------
    deployment_stage = models.ForeignKey(
        DeploymentStage,
        verbose_name=_("deployment stage"),
        on_delete=models.PROTECT,
        null=True,
        related_name="cases",
        help_text=_("Public."),
    )
    problem = models.TextField(_("problem addressed"), help_text=_("Public."), **_text(3000))
    benefits = models.TextField(_("benefits"), help_text=_("Public. Observed or expected benefits."), **_text(2000))

    # --- How it works -----------------------------------------------------------
    use_categories = ParentalManyToManyField(
        UseCategory, verbose_name=_("use categories"), related_name="cases", help_text=_("Public. At least one.")
    )
    ai_techniques = ParentalManyToManyField(
        AITechnique, verbose_name=_("AI techniques"), related_name="cases", help_text=_("Public. At least one.")
    )
    crime_areas = ParentalManyToManyField(
        CrimeArea, verbose_name=_("crime areas"), related_name="cases", help_text=_("Public. At least one.")
    )
    affected_persons = ParentalManyToManyField(
        AffectedPersonGroup,
        verbose_name=_("affected persons"),
        related_name="cases",
        help_text=_("Public. Whose data or situation the system touches. At least one."),
    )
    outputs = models.TextField(_("outputs"), help_text=_("Public. What the system produces."), **_text(2000))
    decision_role = models.ForeignKey(
        DecisionRole,
        verbose_name=_("decision role"),
        on_delete=models.PROTECT,
        null=True,
        related_name="cases",
        help_text=_("Public. What the output does in the decision."),
    )
    BUILD_IN_HOUSE = "in_house"
    BUILD_SUPPLIER = "supplier"
    BUILD_OPEN_SOURCE = "open_source"
    BUILD_MIXED = "mixed"
    BUILD_APPROACH_CHOICES = [
        (BUILD_IN_HOUSE, _("Built in-house")),
        (BUILD_SUPPLIER, _("From a supplier")),
        (BUILD_OPEN_SOURCE, _("Open source")),
        (BUILD_MIXED, _("Mixed")),
    ]
    build_approach = models.CharField(
        _("how it was built"), max_length=20, choices=BUILD_APPROACH_CHOICES, help_text=_("Public.")
    )
    supplier_name = models.CharField(
        _("supplier"),
        max_length=200,
        blank=True,
        help_text=_("Public. Required when a supplier is involved. The supplier's data terms stay confidential."),
    )

    # --- Data ---------------------------------------------------------------------
    data_summary = models.TextField(
        _("data used"),
        help_text=_("Summary (public): the data used, including any personal or biometric data. Detail stays confidential."),
        **_text(2000),
    )

    # --- Safeguards ------------------------------------------------------------------
    legal_basis_summary = models.TextField(
        _("legal basis"),
        help_text=_("Summary (public): the law or mandate relied on, in general terms."),
        **_text(1500),
    )
    necessity_proportionality = models.TextField(
        _("necessity and proportionality"),
        help_text=_("Public. Why AI is needed; limits on time, place and persons; alternatives considered."),
        **_text(2000),
    )
    risk_tier_claimed = models.ForeignKey(
        RiskTier,
        verbose_name=_("AI Act risk class (claimed)"),
        on_delete=models.PROTECT,
        null=True,
        related_name="cases",
        help_text=_("Public. The class the submitter claims; the reviewer confirms or corrects it."),
    )
    ANNEX_III_CHOICES = [
        ("none", _("Not an Annex III use")),
        ("1", _("Point 1: biometrics")),
        ("2", _("Point 2: critical infrastructure")),
        ("3", _("Point 3: education and vocational training")),
        ("4", _("Point 4: employment and workers management")),
        ("5", _("Point 5: access to essential services")),
        ("6", _("Point 6: law enforcement")),
        ("7", _("Point 7: migration, asylum and border control")),
        ("8", _("Point 8: administration of justice and democratic processes")),
    ]
    annex_iii_point = models.CharField(
        _("EU AI Act Annex III point"),
        max_length=4,
        choices=ANNEX_III_CHOICES,
        help_text=_("Public. The Annex III point the use falls under, if any."),
    )
    impact_assessments_summary = models.TextField(
        _("impact assessments"),
        help_text=_("Summary (public): DPIA, FRIA, toolkit risk assessment or other; status and date."),
        **_text(1500),
    )
    evaluation_summary = models.TextField(
        _("evaluation, accuracy and bias testing"),
        help_text=_("Summary (public): how performance and bias were tested, and the results in general terms."),
        **_text(2000),
    )
    human_oversight = models.TextField(
        _("human oversight"),
        help_text=_("Public. Who reviews outputs before anything affects a person, and who can override."),
        **_text(2000),
    )
    redress_route = models.TextField(
        _("redress route"),
        help_text=_("Public. How an affected person can challenge an outcome."),
        **_text(1500),
    )
    accountable_role = models.CharField(
        _("accountable role"),
        max_length=150,
        help_text=_("Public: the role title only (e.g. Head of Forensic Services). The person's name stays confidential."),
    )
    logging_audit_summary = models.TextField(
        _("logging and audit"),
        help_text=_("Summary (public): what is logged, and who audits it."),
        **_text(1500),
    )

    # --- Tags and visibility -------------------------------------------------------------
    tags = ClusterTaggableManager(
        through=UseCaseTag, blank=True, verbose_name=_("tags"), help_text=_("Public. Free keywords.")
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=VISIBILITY_CHOICES,
        default=PUBLIC,
        help_text=_("Who may see the case: everybody, or registered attendees only (they log in to read it)."),
    )

    # --- Identity -------------------------------------------------------------------------
    case_number = models.CharField(
        _("case number"),
        max_length=CASE_NUMBER_MAX_LENGTH,
        unique=True,
        null=True,  # null until first publication (unique allows many nulls)
        blank=True,
        editable=False,
        help_text=_("Public. The case's permanent number, given at first publication and never changed."),
    )
    # --- Re-validation (showcase.revalidation): kept from the live page when a revision is published ------
    review_due = models.DateField(
        _("review due"), null=True, blank=True, editable=False,
        help_text=_("Public. After this day the case is shown as possibly out of date until confirmed."),
    )
    last_confirmed = models.DateField(_("last confirmed"), null=True, blank=True, editable=False)
    review_months = models.PositiveSmallIntegerField(_("months between reviews"), null=True, blank=True, editable=False)
    retired_note = models.TextField(
        _("why it was retired"), blank=True, help_text=_("Public. Shown when the deployment stage is retired."),
        **_text(500),
    )

    objects = UseCasePageManager()

    base_form_class = UseCasePageForm
    parent_page_types = ["showcase.CataloguePage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [
        # The public text the catalogue searches (the title is Page's own); the organisation's name
        # is left out because it may be hidden.
        *(index.SearchField(name) for name in SEARCHED_TEXT if name != "title"),
        # The names of its categories, techniques and crime areas, and its countries: people search
        # with these words (the Elasticsearch document's ``taxonomy_names``).
        *(index.RelatedFields(name, [index.SearchField("name")]) for name in SEARCHED_RELATIONS),
        index.SearchField("searched_country_names"),
        index.FilterField("visibility"),
        index.FilterField("content_language"),
    ]

    content_panels = panels.CONTENT
    technology_panels = panels.TECHNOLOGY
    safeguards_panels = panels.SAFEGUARDS
    media_panels = panels.MEDIA
    settings_panels = panels.SETTINGS
    edit_handler = panels.EDIT_HANDLER

    class Meta:
        verbose_name = _("use case")
        verbose_name_plural = _("use cases")

    def searched_country_names(self) -> str:
        """Where the case is used, in words: the database search finds "chatbot Brazil"."""
        return country_names(str(getattr(c, "code", c)) for c in self.countries or [])

    # --- Validation --------------------------------------------------------------------

    #: Set by UseCasePageForm while it validates: the form checks relations itself,
    #: because its new values reach the instance only after validation.
    _relations_checked_by_form = False

    def clean(self) -> None:
        super().clean()
        errors = case_errors(self, check_relations=not self._relations_checked_by_form)
        if errors:
            raise ValidationError(errors)

    # --- Saving -----------------------------------------------------------------------

    def _give_case_number(self) -> None:
        """At first publication: the next number of the year (read again, so a stale object never takes two)."""
        stored = type(self).objects.filter(pk=self.pk).values_list("case_number", flat=True).first()
        self.case_number = stored or next_case_number((self.first_published_at or timezone.now()).year)

    def save(self, *args: Any, **kwargs: Any):
        update_fields = kwargs.get("update_fields")
        if self.live and not self.case_number:
            self._give_case_number()
            if update_fields is not None:
                update_fields = kwargs["update_fields"] = [*update_fields, "case_number"]
        if update_fields is None or "countries" in update_fields:
            self.regions = list(Region.objects.filter(m49_code__in=region_codes_for(self.countries or [])))
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "regions"]
        result = super().save(*args, **kwargs)
        if update_fields is None or "visibility" in update_fields:
            apply_visibility(self)
        return result

    #: Not taken from a revision when it is published: the case number belongs to the case, not to a
    #: version, and re-validation dates live on the page (like ``first_published_at``), so publishing an
    #: update (or an older revision) neither erases the number nor brings back an old due date.
    KEPT_FROM_LIVE = ("case_number", "review_due", "last_confirmed", "review_months")

    def with_content_json(self, content: dict[str, Any]) -> "UseCasePage":
        obj = super().with_content_json(content)
        for name in self.KEPT_FROM_LIVE:
            setattr(obj, name, getattr(self, name))
        return obj

    # --- Who may do what in the admin ----------------------------------------------------------

    def permissions_for_user(self, user):
        """Private drafts, no destruction, locks and publication by the review's rules (showcase.page_permissions)."""
        return CasePermissionTester(user, self)

    # --- Routes ------------------------------------------------------------------------------

    #: What answers the case's own routes (``showcase.case_views``, registered by ``ShowcaseConfig.ready``).
    views: ClassVar[Any] = None

    @path("versions/", name="versions")
    def versions_route(self, request):
        """The public version history: each version that was live, what it changed, its review outcome."""
        return self.views.versions(self, request)

    # --- Display helpers ----------------------------------------------------------------------

    @property
    def is_attendees_only(self) -> bool:
        return self.visibility == ATTENDEES

    @property
    def may_be_out_of_date(self) -> bool:
        """Past its review-due date without a confirmation (``showcase.revalidation``)."""
        return is_out_of_date(self.review_due)

    @property
    def organisation_display(self) -> str:
        """The organisation as the public sees it: its name, or the anonymised label of its type."""
        if self.show_organisation_name and self.organisation_name:
            return self.organisation_name
        if self.organisation_type_id and self.organisation_type.anonymised_label:
            return str(self.organisation_type.anonymised_label)
        return str(_("an organisation"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = catalogue = specific_parent(self)
        if self.case_number and hasattr(catalogue, "permanent_url"):
            context["permanent_url"] = catalogue.permanent_url(self.case_number, request)
        # The public review ({% public_review %}, moderation's) and related cases ({% related_cases %}) come
        # from template tags: showcase imports no moderation, and the search layer reads these models.
        return context
