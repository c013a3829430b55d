"""The site's own pages: the home page and the catalogue root (search, suggestions, tag pages).

See https://docs.wagtail.org/en/stable/topics/pages.html
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .view_restrictions import RememberedViewRestrictions
from ..page_permissions import CataloguePermissionTester
from .case_queries import UseCasePageQuerySet
from .use_case_page import UseCasePage


def introduction() -> RichTextField:
    """The editors' introduction at the top of the home page and the catalogue: a little rich text, no more."""
    return RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])


class HomePage(RememberedViewRestrictions, Page):
    """The site's front page: what the showcase is, and the way into the catalogue."""

    intro = introduction()

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["showcase.CataloguePage", "showcase.MeetingIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    #: What the front door shows (``showcase.front_door``), registered in ``ShowcaseConfig.ready``.
    views: ClassVar[Any] = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.views.home_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        """The page, remembering a time zone chosen now (``showcase.visitor_time``)."""
        response = super().serve(request, *args, **kwargs)
        choice = getattr(request, "visitor_zone", None)
        return self.views.remember(response, request, choice) if choice else response


def public_catalogue() -> "CataloguePage | None":
    """The live catalogue page, if anyone may view it.

    Not ``.public()``: that excludes the subtree of every view restriction, and each
    attendees-only case carries one, so the query grows with the catalogue.
    """
    catalogue = CataloguePage.objects.live().first()
    if catalogue is None or catalogue.get_view_restrictions().exists():
        return None
    return catalogue


class CataloguePage(RememberedViewRestrictions, RoutablePageMixin, Page):
    """The catalogue root: every use case is a child of this page (one per site).

    ``/cases/`` searches and filters the cases the visitor may see
    (``showcase.listing`` and ``showcase.search``); ``/cases/suggest/?q=`` answers
    autocomplete requests with JSON; ``/cases/tags/<slug>/`` lists the cases with
    one free tag.
    """

    intro = introduction()

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["showcase.HomePage"]
    subpage_types = ["showcase.UseCasePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalogue")

    #: The title the site is created with (showcase 0002); shown translated while editors keep it.
    DEFAULT_TITLE = "Use cases"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogue_title"] = _(self.DEFAULT_TITLE) if self.title == self.DEFAULT_TITLE else self.title
        return context

    def permissions_for_user(self, user):
        """Only superusers delete, move or copy the catalogue (showcase.page_permissions)."""
        return CataloguePermissionTester(user, self)

    def cases_for(self, user) -> "UseCasePageQuerySet":
        """The live cases under this catalogue that ``user`` may see."""
        return UseCasePage.objects.child_of(self).live().visible_to(user)

    #: What answers the catalogue's routes: ``showcase.catalogue_views``, which uses the search layer, which
    #: reads these models. It registers itself here at start-up (``ShowcaseConfig.ready``), so the models
    #: import nothing above them (DESIGN.md, "Layers": a registered provider).
    views: ClassVar[Any] = None

    @path("")
    def index_route(self, request):
        """The catalogue: full-text search, facets, sorting and pages, all from the query string."""
        return self.views.catalogue(self, request)

    @path("suggest/", name="suggest")
    def suggest_route(self, request):
        """Autocomplete: ``?q=<prefix>`` → JSON titles and URLs of the cases the visitor may see."""
        return self.views.suggestions(self, request)

    def permanent_url(self, case_number: str, request: Any = None) -> str:
        """The address that always leads to the case with ``case_number``, whatever its slug becomes."""
        return (self.get_full_url(request) or "") + self.reverse_subpage("by_number", args=[case_number])

    @path("id/<str:case_number>/", name="by_number")
    def by_number_route(self, request, case_number: str):
        """``/cases/id/AILE-2026-0042/``: a redirect to the case's current address (404 when unknown)."""
        return self.views.case_by_number(self, request, case_number)

    # <str:...>: taggit keeps non-ASCII letters in slugs (e.g. "données").
    @path("tags/<str:tag_slug>/", name="tag")
    def tag_page(self, request, tag_slug: str):
        """The visible cases with one free tag; 404 when no visible case has it."""
        return self.views.tag_page(self, request, tag_slug)
