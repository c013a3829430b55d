"""Images from submitters: checked by Pillow (never by the file name), re-encoded without metadata.

What is refused, each with a message the submitter can act on: anything that
is not a JPEG, PNG or WebP by its content (an SVG, a script, a PDF renamed
.png…), an empty or truncated file, more than 10 MB, more than 40 megapixels,
and decompression bombs (a small file declaring huge dimensions is refused
from its header, before any pixel is decoded).

Accepted images are decoded completely and saved again in the same format:
this drops EXIF (GPS position, camera serial, time) and any other metadata,
after applying the EXIF orientation so the picture stays upright.

Every image file, however it arrives (this wizard, Wagtail's image library, the
demo data, an import), is stored under a random name (``random_image_name``): a
name taken from the title or the uploaded file would let anyone guess the address
of a restricted case's picture and its renditions (issue 13). ``randomise_image_file_name``
does it on ``pre_save`` of the image model (connected in ``PortalConfig.ready``).
"""

from __future__ import annotations

import io
import os
import secrets
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
MAX_PIXELS = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000)
#: Pillow format name → (file extension, save options).
FORMATS = {
    "JPEG": ("jpg", {"quality": 90, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 90}),
}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def clean_image(upload: Any) -> CleanImage:
    """Check an uploaded file and return the re-encoded image; raises ValidationError with a clear message."""
    size = getattr(upload, "size", None)
    if not size:
        raise _refuse(_("The file is empty. Choose a JPEG, PNG or WebP image."), "empty")
    if size > MAX_BYTES:
        raise _refuse(
            _("The file is larger than %(limit)d MB. Choose a smaller image.") % {"limit": MAX_BYTES // (1024 * 1024)},
            "too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    not_an_image = _("The file is not a JPEG, PNG or WebP image (whatever its name says). Choose one of those.")
    try:
        with warnings.catch_warnings():
            # Pillow warns before it raises; a warning-level "bomb" is refused too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as probe:
                image_format = probe.format
                width, height = probe.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_("The image's dimensions are too large to be processed safely."), "bomb") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _refuse(not_an_image, "not_an_image") from None
    if image_format not in FORMATS:
        raise _refuse(not_an_image, "not_an_image")
    if width * height > MAX_PIXELS:
        raise _refuse(
            _("The image has %(megapixels)d megapixels; the limit is %(limit)d. Make it smaller.")
            % {"megapixels": width * height // 1_000_000, "limit": MAX_PIXELS // 1_000_000},
            "too_many_pixels",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                image.load()  # decodes every pixel: a truncated or corrupt file fails here
                upright = ImageOps.exif_transpose(image)
                content = _reencode(upright, image_format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_("The image's dimensions are too large to be processed safely."), "bomb") from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise _refuse(_("The image is damaged or incomplete. Save it again and upload the new file."), "truncated") from None
    return CleanImage(content=content, format=image_format, width=upright.width, height=upright.height)


def _reencode(image: Image.Image, image_format: str) -> bytes:
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image_format == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")  # palettes and their transparency, 16-bit, CMYK…
    elif image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    # A clean copy carries no info dict (EXIF, XMP, text chunks, comments).
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    extension, options = FORMATS[image_format]
    clean.save(out, format=image_format, **options)
    return out.getvalue()


#: The start of every stored image's file name; 32 random hex digits follow (128 bits).
RANDOM_NAME_PREFIX = "case-"


def random_image_name(extension: str) -> str:
    """``case-<32 random hex digits>.<extension>``: says nothing about the case or the upload."""
    return f"{RANDOM_NAME_PREFIX}{secrets.token_hex(16)}.{extension.lower().lstrip('.')}"


def randomise_image_file_name(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``pre_save`` of the image model: a file not yet written to storage gets a random name.

    Runs before Django's FileField writes the file (that happens when the field's
    own ``pre_save`` runs, later in the same save), so the telling name never reaches
    the disk. Wagtail derives rendition names from the original's, so they are random too.
    """
    upload = instance.file
    if upload and not upload._committed:
        extension = os.path.splitext(upload.name)[1] or ".png"
        upload.name = random_image_name(extension)


def connect_random_names() -> None:
    from wagtail.images import get_image_model  # here: the image model is known only once apps are loaded

    pre_save.connect(randomise_image_file_name, sender=get_image_model(), dispatch_uid="portal.random_image_names")


def save_wagtail_image(clean: CleanImage, *, title: str, user: Any) -> Any:
    """Store the clean image as a Wagtail image (random file name: the original name is not kept)."""
    from wagtail.images import get_image_model

    name = random_image_name(clean.extension)
    return get_image_model().objects.create(
        title=title[:255] or name,
        file=ImageFile(io.BytesIO(clean.content), name=name),
        uploaded_by_user=user,
    )
