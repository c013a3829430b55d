"""Serving uploaded images under MEDIA_URL so that an upload can never act as a web page.

Only image files are served, and only when their first bytes are those of
the image type their extension names (the formats portal/uploads.py and
WAGTAILIMAGES_EXTENSIONS accept). Anything else under MEDIA_ROOT — Wagtail
documents (served with permission checks by /documents/), a file with a
forged extension, an HTML or SVG file — answers 404. Served images carry
``X-Content-Type-Options: nosniff`` and a ``sandbox`` Content-Security-Policy,
so even a browser that tried to render one as a document would run nothing.

In production gunicorn serves these (docs/SECURITY.md); a proxy in front may
serve MEDIA_ROOT itself only with the same rules.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

#: extension → (Content-Type, how the file must start).
IMAGE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "webp": ("image/webp", (b"RIFF",)),  # and "WEBP" at offset 8, checked below
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),  # Wagtail renditions of GIFs
}
#: Sub-folders of MEDIA_ROOT that hold images (Wagtail's originals and renditions).
IMAGE_FOLDERS = ("original_images", "images")
#: What a served image may do if a browser ever renders it as a document: nothing.
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def image_type(path: Path) -> str | None:
    """The Content-Type to serve ``path`` with, or None when it is not an image we serve."""
    expected = IMAGE_TYPES.get(path.suffix.lower().lstrip("."))
    if expected is None:
        return None
    content_type, signatures = expected
    with path.open("rb") as handle:
        head = handle.read(16)
    if not head.startswith(signatures):
        return None
    if content_type == "image/webp" and head[8:12] != b"WEBP":
        return None
    return content_type


@require_safe
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    """``MEDIA_URL<path>``: an uploaded image, or 404."""
    folder = path.split("/", 1)[0]
    if folder not in IMAGE_FOLDERS:
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))  # refuses ../ and absolute paths
        if not full_path.is_file():
            raise Http404
        content_type = image_type(full_path)
    except (SuspiciousFileOperation, ValueError, OSError):  # ValueError: a NUL byte in the path
        raise Http404 from None
    if content_type is None:
        logger.warning("Refused to serve %s: not an image of the type its name says", path)
        raise Http404
    response = FileResponse(full_path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cache-Control"] = "max-age=86400"
    return response
