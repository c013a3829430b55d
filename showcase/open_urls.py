"""URLs of the open catalogue outside the page tree: feeds, sitemap, robots.txt, statistics.

``urlpatterns`` are served without a language prefix (machine-read);
``localized_urlpatterns`` are pages people read and get a language prefix.
"""

from django.urls import path

from .feeds import CaseFeed
from .sitemaps import robots_txt, sitemap
from .statistics import statistics_view

urlpatterns: list = [
    path("feeds/cases.atom", CaseFeed(), name="case_feed"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]
localized_urlpatterns: list = [
    path("statistics/", statistics_view, name="statistics"),
]
