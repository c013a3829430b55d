"""The site's own pages: the home page and the catalogue root (search, suggestions, tag pages).

See https://docs.wagtail.org/en/stable/topics/pages.html
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

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
    subpage_types = ["showcase.CataloguePage"]
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
        from ..page_permissions import CataloguePermissionTester  # it imports this module

        return CataloguePermissionTester(user, self)

    def cases_for(self, user) -> "UseCasePageQuerySet":
        """The live cases under this catalogue that ``user`` may see."""
        return UseCasePage.objects.child_of(self).live().visible_to(user)

    @path("")
    def index_route(self, request):
        """The catalogue: full-text search, facets, sorting and pages, all from the query string."""
        from ..listing import catalogue_listing

        listing = catalogue_listing(request.GET, request.user)
        return self.render(request, context_overrides={"listing": listing})

    @path("suggest/", name="suggest")
    def suggest_route(self, request):
        """Autocomplete: ``?q=<prefix>`` → JSON titles and URLs of the cases the visitor may see."""
        from django.http import JsonResponse
        from django.utils.cache import patch_cache_control, patch_vary_headers

        from ..search import SUGGEST_MAX_LENGTH, clean_prefix, suggest

        prefix = clean_prefix(request.GET.get("q", ""))
        if len(prefix) > SUGGEST_MAX_LENGTH:
            response = JsonResponse(
                {"error": f"The text to complete is limited to {SUGGEST_MAX_LENGTH} characters."}, status=400
            )
        else:
            response = JsonResponse({"query": prefix, "suggestions": suggest(prefix, request.user)})
        # The answer depends on who asks (attendees see more): private, and only briefly.
        patch_cache_control(response, private=True, max_age=30)
        patch_vary_headers(response, ["Cookie"])
        return response

    # <str:...>: taggit keeps non-ASCII letters in slugs (e.g. "données").
    @path("tags/<str:tag_slug>/", name="tag")
    def tag_page(self, request, tag_slug: str):
        """The visible cases with one free tag; 404 when no visible case has it."""
        from ..listing import paginate

        cases = self.cases_for(request.user)
        tag = Tag.objects.filter(slug=tag_slug).first()
        if tag is None:
            raise Http404("No such tag")
        tagged = cases.filter(tags=tag).with_card_data()
        if not tagged.exists():
            # Also hides tags used only on cases this visitor may not see.
            raise Http404("No visible case has this tag")
        return self.render(
            request,
            template="showcase/tag_page.html",
            context_overrides={"tag": tag, "results": paginate(tagged, request.GET.get("page"))},
        )
