"""The WSGI entry point gunicorn preloads before forking its workers."""

import gc
import importlib


def test_the_entry_point_freezes_what_it_loaded_so_the_workers_collectors_skip_it():
    gc.unfreeze()
    try:
        import portal.wsgi

        importlib.reload(portal.wsgi)
        assert callable(portal.wsgi.application)
        assert gc.get_freeze_count() > 10_000, "Django and Wagtail's objects, kept out of every full collection"
    finally:
        gc.unfreeze()
