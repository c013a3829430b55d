"""URLs of the open catalogue outside the page tree: feeds, sitemap, robots.txt, statistics.

``urlpatterns`` are served without a language prefix (machine-read);
``localized_urlpatterns`` are pages people read and get a language prefix.
"""

urlpatterns: list = []
localized_urlpatterns: list = []
