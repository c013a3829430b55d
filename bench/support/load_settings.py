"""Settings of the site bench/load.py serves: the test settings, with one media folder for every process.

``portal.settings.test`` gives each process its own temporary MEDIA_ROOT; the
images ``seed_demo`` makes in one process must be readable by gunicorn's workers.
"""

import os
from pathlib import Path

from portal.settings import base as base_settings
from portal.settings.test import *  # noqa: F403

MEDIA_ROOT = Path(os.environ["LOAD_MEDIA_ROOT"])
# The test settings switch the store of rendered public pages off (tests roll the catalogue stamp back);
# the load test serves one database that only moves forward, as production does.
# bench/load.py --no-page-store keeps it off, to compare.
if os.environ.get("LOAD_PAGE_STORE", "1") != "0":
    CACHES = {**CACHES, "public_pages": base_settings.CACHES["public_pages"]}  # noqa: F405
# The signed-in readers' case-page fragments (showcase/reader_fragments.py): on, as in production.
CACHES = {**CACHES, "reader_fragments": base_settings.CACHES["reader_fragments"]}  # noqa: F405
