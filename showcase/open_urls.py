"""URLs of the open catalogue outside the page tree: feeds, sitemap, robots.txt, statistics, data snapshots.

``urlpatterns`` are served without a language prefix (machine-read);
``localized_urlpatterns`` are pages people read and get a language prefix.
"""

from django.urls import path

from .feeds import CaseFeed
from .sitemaps import robots_txt, sitemap
from .snapshots import views as snapshot_views
from .statistics import statistics_view

urlpatterns: list = [
    path("feeds/cases.atom", CaseFeed(), name="case_feed"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # Dated snapshots (showcase/snapshots/): "latest" redirects to the newest dated file.
    path("data/latest.csv", snapshot_views.latest, {"fmt": "csv"}, name="data_latest_csv"),
    path("data/latest.json", snapshot_views.latest, {"fmt": "json"}, name="data_latest_json"),
    path("data/<str:name>", snapshot_views.snapshot_file, name="data_file"),
]
localized_urlpatterns: list = [
    path("statistics/", statistics_view, name="statistics"),
    path("data/", snapshot_views.data_page, name="data"),
]
