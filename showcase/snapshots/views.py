"""``/data/``: the snapshot page, ``/data/latest.csv|json`` and the dated files.

``latest`` answers with a temporary redirect (302) to the dated file rather than the
bytes: whoever follows it ends on an address that names the day and never changes, which
is the one to cite (the ``/data/`` page says so), and a download tool saves the file
under its dated name. The dated files are immutable once listed, so they carry their
SHA-256 as ETag, their writing time as Last-Modified, answer conditional requests with
304 (``django.views.decorators.http.condition``) and may be cached for a week.

A name in the address is only matched against ``store.FILE_NAME``; anything else (other
letters, ``..``, encoded slashes, an impossible date, a pruned or half-written day) is 404.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition, require_safe

from . import store
from .dictionary import CSV_LIST_SEPARATOR, data_dictionary

#: Seconds a dated file may be kept by any cache: it never changes once it is listed.
FILE_MAX_AGE = 7 * 24 * 3600
#: Seconds a ``latest`` redirect may be kept: a new snapshot is at most this late to be found.
LATEST_MAX_AGE = 300


def _served(name: str) -> tuple[store.SnapshotFile, bool]:
    """The snapshot file a request names, and whether the request is for its ``.sha256``; else 404."""
    parsed = store.parse_name(name)
    if parsed is None:
        raise Http404("No such snapshot.")
    day, fmt, is_checksum = parsed
    snapshot = store.load(store.directory() / store.file_name(day, fmt))
    if snapshot is None:
        raise Http404("No such snapshot.")
    return snapshot, is_checksum


def _checksum_text(snapshot: store.SnapshotFile) -> bytes:
    return store.checksum_line(snapshot.sha256, snapshot.name).encode("ascii")


def _etag(request: HttpRequest, name: str) -> str | None:
    try:
        snapshot, is_checksum = _served(name)
    except Http404:
        return None
    return hashlib.sha256(_checksum_text(snapshot)).hexdigest() if is_checksum else snapshot.sha256


def _last_modified(request: HttpRequest, name: str) -> datetime | None:
    try:
        return _served(name)[0].modified
    except Http404:
        return None


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def snapshot_file(request: HttpRequest, name: str) -> HttpResponse:
    """A dated CSV or JSON file (a download), or its checksum file (plain text)."""
    snapshot, is_checksum = _served(name)
    if is_checksum:
        response = HttpResponse(_checksum_text(snapshot), content_type="text/plain; charset=us-ascii")
    else:
        response = FileResponse(
            snapshot.path.open("rb"), as_attachment=True, filename=snapshot.name, content_type=snapshot.content_type
        )
    patch_cache_control(response, public=True, max_age=FILE_MAX_AGE, immutable=True)
    return response


@require_safe
def latest(request: HttpRequest, fmt: str) -> HttpResponse:
    """A 302 to the newest dated file of this format; 404 before the first snapshot."""
    snapshot = store.latest(fmt)
    if snapshot is None:
        raise Http404("No snapshot yet.")
    response = HttpResponseRedirect(reverse("data_file", args=[snapshot.name]))
    patch_cache_control(response, public=True, max_age=LATEST_MAX_AGE)
    return response


def _citation(request: HttpRequest, files: list[store.SnapshotFile]) -> dict[str, Any] | None:
    """What to cite for the newest snapshot: its day, dated address and checksum (the CSV's)."""
    newest = next((snapshot for snapshot in files if snapshot.format == "csv"), files[0] if files else None)
    if newest is None:
        return None
    address = request.build_absolute_uri(reverse("data_file", args=[newest.name]))
    return {"day": newest.day, "url": address, "sha256": newest.sha256}


@require_safe
def data_page(request: HttpRequest) -> HttpResponse:
    """The list of snapshots, the data dictionary, the licence and how to cite and check a file."""
    files = store.snapshot_files()
    context = {
        "days": store.by_day(files),
        "columns": data_dictionary(),
        "list_separator": CSV_LIST_SEPARATOR,
        "keep_weeks": settings.SNAPSHOT_KEEP_WEEKS,
        "licence_name": settings.DATA_LICENCE_NAME,
        "licence_url": settings.DATA_LICENCE_URL,
        "citation": _citation(request, files),
    }
    response = render(request, "showcase/data.html", context)
    # The list is the same for everyone, but the page around it shows who is signed in (and a CSRF token).
    patch_cache_control(response, private=True, max_age=LATEST_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response
