"""URLs of the JSON API and exports (mounted under /api/ by portal/urls.py)."""

urlpatterns: list = []
