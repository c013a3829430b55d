"""The site's URLs plus the Wagtail-way catalogue page of bench/search.py (benchmark process only)."""

from django.urls import path

from bench.support.wagtail_catalogue import wagtail_catalogue
from portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/wagtail-catalogue/", wagtail_catalogue), *site_urlpatterns]
