"""``/sitemap.xml`` and ``/robots.txt``: what search engines may find.

The sitemap lists what an anonymous visitor can open: the live pages of the
current Wagtail site that carry no view restriction (home, catalogue and every
public case, via Wagtail's own sitemap generator), the tag pages of tags used on
those cases, and the statistics page. Drafts, attendees-only cases and anything
behind a login never appear.

https://docs.wagtail.org/en/stable/reference/contrib/sitemaps.html
https://docs.djangoproject.com/en/5.2/ref/contrib/sitemaps/
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView
from taggit.models import Tag
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.models import Site

from .models import UseCasePage, public_catalogue
from .visibility import ATTENDEES, visible_pages

SITEMAP_CACHE_SECONDS = 60 * 60


def site_root_url(request: HttpRequest) -> str:
    """The Wagtail site's root URL (``https://host``), as in every page's canonical URL.

    One source for every address in the sitemap and robots.txt, so they agree with
    the pages' own canonical links (``Page.get_full_url``) whatever host the request used.
    """
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


class OnWagtailSite:
    """Locations on the Wagtail site's host (Django's sitemaps would use the request's)."""

    request: HttpRequest

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(site_root_url(self.request)).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(site_root_url(self.request)).netloc


class PublicPagesSitemap(WagtailSitemap):
    """Wagtail's sitemap of the site's live pages that an anonymous visitor may view.

    Not Wagtail's ``.public()``: it excludes the subtree of every view restriction one by
    one, and each attendees-only case carries one, so its query grows with the catalogue.
    ``showcase.visibility.visible_pages`` applies the same rule in a fixed number of
    conditions; the cases marked attendees-only are left out too (its second guard, which
    reads ``UseCasePage.visibility``), so a case whose restriction row went missing stays out.
    """

    def items(self) -> QuerySet:
        pages = visible_pages(self.get_wagtail_site().root_page.get_descendants(inclusive=True).live(), None)
        attendees_only = UseCasePage.objects.filter(visibility=ATTENDEES).values("pk")
        return pages.exclude(pk__in=attendees_only).order_by("path").defer_streamfields().specific()


class TagPagesSitemap(OnWagtailSite, Sitemap):
    """The catalogue's tag pages, for the tags that at least one listed case carries."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.catalogue = public_catalogue()

    def items(self) -> QuerySet:
        if self.catalogue is None:
            return Tag.objects.none()
        cases = self.catalogue.cases_for(None)
        return Tag.objects.filter(showcase_usecasetag_items__content_object__in=cases).distinct().order_by("slug")

    def location(self, tag: Tag) -> str:
        # A path: Django's sitemap adds the scheme and host of the request.
        parts = self.catalogue.get_url_parts(self.request)
        catalogue_path = parts[2] if parts else "/"
        return catalogue_path + self.catalogue.reverse_subpage("tag", args=[tag.slug])


class StatisticsSitemap(OnWagtailSite, Sitemap):
    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def items(self) -> list[str]:
        return ["statistics"]

    def location(self, name: str) -> str:
        return reverse(name)


@cache_control(public=True, max_age=SITEMAP_CACHE_SECONDS)
def sitemap(request: HttpRequest) -> HttpResponse:
    # The addresses in the default language (no prefix), whatever the crawler's Accept-Language.
    with translation.override(settings.LANGUAGE_CODE):
        sitemaps = {
            "pages": PublicPagesSitemap(request),
            "tags": TagPagesSitemap(request),
            "statistics": StatisticsSitemap(request),
        }
        response = sitemap_views.sitemap(request, sitemaps)
        response.render()
    return response


def language_prefixes() -> list[str]:
    """The path prefix of each interface language ("/" for the default one, "/fr/"…)."""
    prefixes = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefix = reverse("statistics").removesuffix("statistics/")
        if prefix not in prefixes:
            prefixes.append(prefix)
    return prefixes


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sitemap_url"] = site_root_url(self.request) + reverse("sitemap")
        context["language_prefixes"] = language_prefixes()
        catalogue = public_catalogue()
        catalogue_paths = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                parts = catalogue.get_url_parts(self.request) if catalogue else None
            if parts and parts[2] not in catalogue_paths:
                catalogue_paths.append(parts[2])
        context["catalogue_paths"] = catalogue_paths
        return context


robots_txt = cache_control(public=True, max_age=SITEMAP_CACHE_SECONDS)(RobotsView.as_view())
