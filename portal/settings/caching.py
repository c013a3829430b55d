"""Caches (all per process) and HTTP caching of the public pages (imported by ``base``; kept apart so base stays readable).

Every cached answer is keyed by the catalogue's change stamp, read from the database on each
request, so no worker ever serves what another worker's publish made stale.
"""

from .env import env_bool, env_int

# "catalogue_results": catalogue search answers keyed by the catalogue's change stamp, the
# reader's audience, language, day and query (showcase/search/results_cache.py), so a change is
# never served stale by any worker; bounded. CATALOGUE_RESULTS_CACHE=false switches it off.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "catalogue_results": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "catalogue-results",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": env_int("CATALOGUE_RESULTS_CACHE_ENTRIES", 1000)},
    },
    # See PUBLIC_PAGE_STORE_MAX_BYTES below.
    "public_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 500, "CULL_FREQUENCY": 4},
    },
    # The parts of a case page that are the same for every reader of one audience (showcase/reader_fragments.py):
    # keyed by the catalogue stamp, the page version, audience, language, time zone, day and host, so never
    # stale and never another audience's; bounded (fragments are ~5-20 kB: at most ~20 MB per worker).
    "reader_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "reader-fragments",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": env_int("READER_FRAGMENTS_CACHE_ENTRIES", 1000), "CULL_FREQUENCY": 4},
    },
}
CATALOGUE_RESULTS_CACHE = env_bool("CATALOGUE_RESULTS_CACHE", True)

# HTTP caching of the public pages for anonymous readers (showcase/http_cache.py): how long a browser or
# CDN may reuse the catalogue, a case, the statistics or the feed without asking again. 0 (the default):
# "public, no-cache": stored, but revalidated on every use (a cheap 304), so an unpublished case is never
# shown from a cache. Raise it (e.g. 30) only if a cache may show a case that long after it was withdrawn.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 0)
# "public_pages" (in CACHES above): the rendered anonymous answers
# of the catalogue, case and statistics pages, per gunicorn worker, keyed by an ETag that holds the
# catalogue stamp read on every request, so never stale (showcase/page_store.py). Bounded: 500 entries of at
# most PUBLIC_PAGE_STORE_MAX_BYTES each (about 60 MB per worker in the worst case; pages are ~20-60 kB).
PUBLIC_PAGE_STORE_MAX_BYTES = env_int("PUBLIC_PAGE_STORE_MAX_BYTES", 256 * 1024)
PUBLIC_PAGE_STORE_MAX_PATH = 1000
