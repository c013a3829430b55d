"""URLs of the JSON API and exports (mounted under /api/ by portal/urls.py): version 1 at /api/v1/."""

from django.urls import path

from .endpoints import api

urlpatterns: list = [
    path("v1/", api.urls),
]
