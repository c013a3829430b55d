"""WSGI entry point for gunicorn. Production settings unless told otherwise."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

# gunicorn loads this once before forking its workers (--preload): the objects made so far (Django, Wagtail, the
# settings, the URL and template machinery) live as long as the process. Frozen, the collector's full passes in
# each worker skip them: 49 ms each instead of 173 in bench/load.py's rush (docs/PERFORMANCE.md), a stall of every
# thread of the worker; and the workers keep sharing those memory pages with the master instead of copying them.
gc.freeze()
