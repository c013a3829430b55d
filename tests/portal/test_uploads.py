"""Uploads: only real JPEG/PNG/WebP (by content), size and pixel limits, bombs refused, metadata stripped, alt text required;
a refused file is a clear error and loses nothing saved before."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.uploads import clean_image
from showcase import drafts
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def upload(content: bytes, name: str = "picture.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose header declares huge dimensions: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (80, 60), "#336699")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (52.0, 22.0, 0.0), 1: "N"}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_real_images_are_accepted_whatever_their_name(fmt):
    clean = clean_image(upload(factories.png_bytes(fmt=fmt), name="misnamed.gif"))
    assert clean.format == fmt and (clean.width, clean.height) == (64, 48)


def test_exif_and_gps_are_stripped():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()
    clean = clean_image(upload(original, "holiday.jpg", "image/jpeg"))
    reopened = Image.open(io.BytesIO(clean.content))
    assert not reopened.getexif() and "exif" not in reopened.info
    assert b"CameraMaker" not in clean.content


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "empty.png", "The file is empty"),
        (b"%PDF-1.4 not an image at all", "report.png", "not a JPEG, PNG or WebP"),
        (b"<?php system($_GET['c']); ?>", "shell.jpg", "not a JPEG, PNG or WebP"),
        (SVG_WITH_SCRIPT, "diagram.svg", "not a JPEG, PNG or WebP"),
        (SVG_WITH_SCRIPT, "diagram.png", "not a JPEG, PNG or WebP"),
        (b"GIF89a" + b"\x00" * 40, "anim.png", "not a JPEG, PNG or WebP"),
    ],
)
def test_files_that_are_not_allowed_images_are_refused(content, name, message):
    with pytest.raises(ValidationError, match=message):
        clean_image(upload(content, name))


def test_a_truncated_image_is_refused():
    whole = factories.png_bytes(size=(400, 300), fmt="JPEG")
    with pytest.raises(ValidationError, match="damaged or incomplete"):
        clean_image(upload(whole[: len(whole) // 2], "cut.jpg", "image/jpeg"))


def test_a_decompression_bomb_is_refused_from_its_header():
    with pytest.raises(ValidationError, match="too large to be processed safely|megapixels"):
        clean_image(upload(png_declaring(100_000, 100_000)))


def test_more_than_40_megapixels_is_refused():
    with pytest.raises(ValidationError, match="megapixels"):
        clean_image(upload(png_declaring(8_000, 6_000)))


def test_more_than_10_mb_is_refused(settings):
    big = upload(b"\x89PNG" + b"\x00" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        clean_image(big)


# --- Through the wizard --------------------------------------------------------------------------


@pytest.fixture
def item(client):
    submission = factories.complete_submission(image_count=1)
    client.force_login(submission.submitter)
    return submission


def post_media(client, item, file, **extra):
    data = {**factories.step_data("media"), "alt_text": "A diagram of the system", "action": "upload", "image": file, **extra}
    return client.post(reverse("submit:step", args=[item.pk, "media"]), data)


def test_an_image_with_alt_text_is_attached_to_the_page(client, item):
    response = post_media(client, item, upload(factories.png_bytes(), "diagram.png"), caption="Figure 2")
    assert response.status_code == 302
    images = drafts.draft_images(item.page)
    assert [i.alt_text for i in images] == ["PUBLIC-alt 0", "A diagram of the system"]
    assert images[1].caption == "Figure 2"
    item.page.refresh_from_db()
    assert item.page.specific.images.count() == 2, "real UseCaseImage rows on the never-published page"
    assert images[1].image.file.name.endswith(".png") and "diagram" not in images[1].image.file.name


def test_an_image_without_alt_text_is_refused(client, item):
    response = post_media(client, item, upload(factories.png_bytes()), alt_text="")
    assert response.status_code == 200 and b"Describe the image for people who cannot see it." in response.content
    assert len(drafts.draft_images(item.page)) == 1


@pytest.mark.parametrize(
    "file",
    [
        upload(SVG_WITH_SCRIPT, "diagram.svg", "image/svg+xml"),
        upload(b"", "empty.png"),
        upload(b"not an image", "fake.jpg", "image/jpeg"),
        upload(png_declaring(100_000, 100_000), "bomb.png"),
    ],
    ids=["svg-script", "zero-byte", "lying", "bomb"],
)
def test_a_refused_file_is_a_clear_error_and_loses_nothing(client, item, file):
    before = item.page.get_latest_revision()
    response = post_media(client, item, file, tags="changed, tags")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and 'href="#id_image"' in html
    assert 'id="id_image-error"' in html
    # The other answers of the form are shown again, and nothing saved earlier is lost or changed.
    assert 'value="changed, tags"' in html
    assert item.page.get_latest_revision() == before
    assert [i.alt_text for i in drafts.draft_images(item.page)] == ["PUBLIC-alt 0"]
    assert drafts.public_answers(item.page)["tags"] == ["borders", "vehicles"]
    assert "<script>alert" not in html


def test_at_most_six_images(client, item):
    for n in range(5):
        post_media(client, item, upload(factories.png_bytes(), f"p{n}.png"))
    assert len(drafts.draft_images(item.page)) == 6
    response = post_media(client, item, upload(factories.png_bytes(), "seventh.png"))
    assert response.status_code == 200 and b"at most 6 images" in response.content


def test_remove_an_image(client, item):
    image_id = drafts.draft_images(item.page)[0].image_id
    response = client.post(reverse("submit:remove_image", args=[item.pk, image_id]))
    assert response.status_code == 302
    assert drafts.draft_images(item.page) == []
