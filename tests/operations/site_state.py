"""What a site holds, as one comparable JSON document: run in its own process against one database and media folder.

``python -m tests.operations.site_state MEDIA_ROOT [--migrate]`` with ``DATABASE_URL``,
``ELASTICSEARCH_URL`` and ``CATALOGUE_INDEX_PREFIX`` in the environment: (optionally runs
``migrate``,) counts the rows, rebuilds the catalogue index from this database with
``rebuild_catalogue_index``, then reads pages, confidential values, image files and what the
image URLs serve, and the catalogue's answers to ``QUERIES``; prints the JSON on stdout.
The restore drill runs it once on the original and once on the restored copy and compares.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from io import StringIO
from typing import Any

#: Catalogue searches compared between the original and the restored site ("" lists every case).
QUERIES = ("", "fraud", "facial recognition", "transcription of calls", "network analysis", "drones")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_counts() -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def pages() -> list[list[Any]]:
    from wagtail.models import Page

    return [list(row) for row in Page.objects.order_by("pk").values_list("pk", "title", "live", "url_path")]


def confidential_values() -> dict[str, dict[str, dict[str, Any]]]:
    """Every encrypted value, decrypted through its model: label → pk → column → value."""
    from moderation.key_rotation import encrypted_models

    found: dict[str, dict[str, dict[str, Any]]] = {}
    for model, columns in encrypted_models():
        rows = model._base_manager.order_by("pk").only("pk", *columns)
        found[model._meta.label] = {str(row.pk): {c: getattr(row, c) for c in columns} for row in rows}
    return found


def _served(client: Any, name: str) -> list[Any]:
    from django.conf import settings

    response = client.get(f"{settings.MEDIA_URL}{name}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [response.status_code, _digest(body) if response.status_code == 200 else ""]


def images() -> dict[str, dict[str, Any]]:
    """Every image and rendition file: its bytes on disk and what an anonymous request for its URL gets."""
    from django.test import Client
    from wagtail.images import get_image_model

    client = Client()
    found: dict[str, dict[str, Any]] = {}
    image_model = get_image_model()
    files = [image.file for image in image_model.objects.order_by("pk")]
    files += [rendition.file for rendition in image_model.get_rendition_model().objects.order_by("pk")]
    for file in files:
        with file.storage.open(file.name, "rb") as handle:
            stored = _digest(handle.read())
        found[file.name] = {"file": stored, "served": _served(client, file.name)}
    return found


def searches() -> dict[str, dict[str, Any]]:
    from django.contrib.auth.models import AnonymousUser

    from showcase.search import catalogue_search

    found = {}
    for query in QUERIES:
        results = catalogue_search(query, sort="title" if not query else "", user=AnonymousUser())
        found[query] = {"backend": results.backend, "total": results.total, "ids": [hit.page_id for hit in results.hits]}
    return found


def state(migrate: bool) -> dict[str, Any]:
    from django.core.management import call_command

    if migrate:
        call_command("migrate", "--no-input", verbosity=0)
    counts = row_counts()  # before anything below may write (search log, index bookkeeping)
    out = StringIO()
    call_command("rebuild_catalogue_index", "--grace", "0", stdout=out)
    return {
        "rows": counts,
        "pages": pages(),
        "confidential": confidential_values(),
        "images": images(),
        "searches": searches(),
        "rebuild": out.getvalue().strip().splitlines()[-1:],
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django
    from django.conf import settings

    settings.MEDIA_ROOT = argv[0]  # the test settings make a fresh folder; this process reads the one given
    settings.ALLOWED_HOSTS = ["testserver"]
    django.setup()
    print(json.dumps(state(migrate="--migrate" in argv)))


if __name__ == "__main__":
    main(sys.argv[1:])
