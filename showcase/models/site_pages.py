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

from ..page_permissions import CataloguePermissionTester
from .case_queries import UseCasePageQuerySet
from .use_case_page import UseCasePage


def introduction() -> RichTextField:
    """The editors' introduction at the top of the home page and the catalogue: a little rich text, no more."""
    return RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])


class HomePage(Page):
    """The site's front page: what the showcase is, and the way into the catalogue."""

    intro = introduction()

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["showcase.CataloguePage", "showcase.MeetingIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = public_catalogue()
        return context


def public_catalogue() -> "CataloguePage | None":
    """The live catalogue page, if anyone may view it.

    Not ``.public()``: that excludes the subtree of every view restriction, and each
    attendees-only case carries one, so the query grows with the catalogue.
    """
    catalogue = CataloguePage.objects.live().first()
    if catalogue is None or catalogue.get_view_restrictions().exists():
        return None
    return catalogue


class CataloguePage(RoutablePageMixin, Page):
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

    # <str:...>: taggit keeps non-ASCII letters in slugs (e.g. "données").
    @path("tags/<str:tag_slug>/", name="tag")
    def tag_page(self, request, tag_slug: str):
        """The visible cases with one free tag; 404 when no visible case has it."""
        return self.views.tag_page(self, request, tag_slug)
