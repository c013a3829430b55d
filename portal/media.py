"""Serving uploaded images under MEDIA_URL: only to those who may see the case, and never as a web page.

Every request for ``MEDIA_URL<path>`` goes through ``serve_media``, in every
environment (a proxy must not serve MEDIA_ROOT itself, docs/SECURITY.md):

1. the path must be, character for character, the file name of a Wagtail image
   (``original_images/…``) or of one of its renditions (``images/…``) as the database
   records it — so ``..``, doubled slashes, other spellings, leftovers on disk and
   Wagtail documents (served with their own checks by /documents/) all answer 404;
2. the file must start with the bytes of the image type its extension names;
3. ``portal.media_access.image_access`` must let this person see the image: the
   image follows the cases that use it (public, attendees-only, draft, in review).

Every refusal is the same 404 ("no such image"), so a guess learns nothing.
Images of public published cases are cacheable by anyone for ``PUBLIC_MAX_AGE``;
every other answer is ``private, no-store`` with ``Vary: Cookie``, so no shared
cache or browser keeps a restricted image or replays a refusal to someone else.
Conditional requests (ETag, Last-Modified → 304) are answered only after the check.
Served images carry ``X-Content-Type-Options: nosniff`` and a ``sandbox``
Content-Security-Policy, so even a browser that rendered one as a document would
run nothing.

Why not Wagtail's dynamic image serve view: it checks a signature of the URL, not
the person, and would need every template tag changed; and Wagtail's private
collections apply to documents only. Checking the file name here keeps every
``{% image %}``/``{% srcset_image %}`` URL, the share image and the admin's
thumbnails as they are, and covers renditions made at any time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model

from .media_access import Access, image_access

logger = logging.getLogger(__name__)

#: extension → (Content-Type, how the file must start).
IMAGE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "webp": ("image/webp", (b"RIFF",)),  # and "WEBP" at offset 8, checked below
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),  # Wagtail renditions of GIFs
}
#: Sub-folders of MEDIA_ROOT that hold images: Wagtail's originals and its renditions.
ORIGINALS, RENDITIONS = "original_images", "images"
IMAGE_FOLDERS = (ORIGINALS, RENDITIONS)
#: What a served image may do if a browser ever renders it as a document: nothing.
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
#: How long anyone may keep an image of a public case. Short, because a case can become
#: attendees-only or be unpublished: a copy kept elsewhere outlives that by at most this.
PUBLIC_MAX_AGE = 3600
PUBLIC_CACHE = f"public, max-age={PUBLIC_MAX_AGE}"
PRIVATE_CACHE = "private, no-store"


@dataclass(frozen=True)
class StoredImage:
    image: Any  # the Wagtail image the file belongs to
    path: Path
    content_type: str


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


def find_image_file(name: str) -> StoredImage | None:
    """The image whose original or rendition is stored exactly under ``name``, if it is a real image file."""
    folder = name.split("/", 1)[0]
    if folder not in IMAGE_FOLDERS or "\x00" in name or "\\" in name:
        return None
    try:
        path = Path(safe_join(settings.MEDIA_ROOT, name))  # refuses ../ and absolute paths
    except (SuspiciousFileOperation, ValueError):
        return None
    Image = get_image_model()
    if folder == ORIGINALS:
        image = Image.objects.filter(file=name).first()
    else:
        rendition = Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        image = rendition.image if rendition is not None else None
    if image is None:
        return None
    try:
        content_type = image_type(path) if path.is_file() else None
    except OSError:
        return None
    if content_type is None:
        logger.warning("Refused to serve %s: missing, or not an image of the type its name says", name)
        return None
    return StoredImage(image, path, content_type)


def _not_found() -> HttpResponse:
    response = HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = PRIVATE_CACHE
    patch_vary_headers(response, ("Cookie",))
    return response


def _headers(response: HttpResponse, access: Access, etag: str, last_modified: str) -> HttpResponse:
    response["Cache-Control"] = PUBLIC_CACHE if access is Access.PUBLIC else PRIVATE_CACHE
    if access is not Access.PUBLIC:
        patch_vary_headers(response, ("Cookie",))
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """``MEDIA_URL<path>``: an uploaded image, for those who may see it; for everyone else 404."""
    found = find_image_file(path)
    if found is None:
        return _not_found()
    access = image_access(request.user, found.image)
    if access is Access.REFUSED:
        return _not_found()
    stat = found.path.stat()
    etag, last_modified = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"', http_date(stat.st_mtime)
    # Only now, after the check, may a conditional request be told "not modified".
    conditional = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if conditional is not None:  # 304 Not Modified, or 412 for a failed If-Match
        return _headers(conditional, access, etag, last_modified)
    if request.method == "HEAD":
        response = HttpResponse(content_type=found.content_type)
        response["Content-Length"] = str(stat.st_size)
    else:
        response = FileResponse(found.path.open("rb"), content_type=found.content_type)
    return _headers(response, access, etag, last_modified)
