"""Uploads are never served as a web page: only real images, with nosniff and a sandbox policy.

The behaviour tests mount portal.media.serve_media under /media/ in front of
the site's own URLs; ``test_media_is_served_by_our_view`` checks that the
site's URL configuration does the same. Who may see which image is tested in
``test_case_media.py``; here every image belongs to a public published case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import path, resolve

from portal import media
from portal.urls import urlpatterns as site_urlpatterns
from tests import factories

urlpatterns = [path("media/<path:path>", media.serve_media), *site_urlpatterns]

pytestmark = pytest.mark.embedded


def mounted(test):
    # The URL configuration with /media/ mounted; the database because a 404 asks Wagtail's redirects.
    return pytest.mark.django_db(pytest.mark.urls(__name__)(test))

HTML_AS_PNG = b"<html><body><script>alert(document.cookie)</script></body></html>"


def put(relative: str, content: bytes) -> str:
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return f"{settings.MEDIA_URL}{relative}"


def public_picture():
    """The image of a public published case (anyone may see it)."""
    return factories.use_case(images=1).images.first().image


def recorded(relative: str, content: bytes) -> str:
    """A file the database names as an image (original or rendition) of a public case, holding ``content``."""
    image = public_picture()
    if relative.startswith("images/"):
        rendition = image.get_rendition("width-20")
        type(rendition).objects.filter(pk=rendition.pk).update(file=relative)
    else:
        type(image).objects.filter(pk=image.pk).update(file=relative)
    return put(relative, content)


def test_media_is_served_by_our_view():
    """portal/urls.py must route MEDIA_URL to portal.media.serve_media in every environment."""
    assert resolve("/media/original_images/x.png").func is media.serve_media


@mounted
def test_a_real_image_is_served_inline_with_safe_headers(client):
    picture = public_picture()
    response = client.get(picture.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@mounted
@pytest.mark.parametrize(
    "relative, content",
    [
        ("original_images/evil.png", HTML_AS_PNG),  # HTML claiming to be an image
        ("original_images/evil.jpg", b"GIF89a<script>alert(1)</script>"),  # another image's magic
        ("original_images/evil.webp", b"RIFF\x00\x00\x00\x00HTML<script>"),
        ("original_images/evil.html", HTML_AS_PNG),
        ("original_images/evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("images/evil.png.html", HTML_AS_PNG),
        ("documents/report.png", factories.png_bytes()),  # documents go through /documents/ only
        ("evil.png", factories.png_bytes()),
    ],
)
def test_anything_but_a_real_image_is_404(client, relative, content):
    """Even a file the database calls an image of a public case is refused when its bytes are not that image."""
    url = recorded(relative, content) if relative.startswith(("original_images/", "images/")) else put(relative, content)
    response = client.get(url)
    assert response.status_code == 404
    assert b"alert" not in response.content


@mounted
def test_a_real_image_on_disk_that_no_image_record_names_is_404(client):
    assert client.get(put("original_images/stray.png", factories.png_bytes())).status_code == 404


@mounted
@pytest.mark.parametrize("url", ["/media/original_images/../../etc/passwd", "/media/images/%2e%2e/%2e%2e/secret.png",
                                 "/media/original_images/missing.png", "/media/original_images/a%00.png"])
def test_paths_outside_or_missing_are_404(client, url):
    assert client.get(url).status_code == 404


@mounted
def test_only_safe_methods(client):
    url = public_picture().file.url
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


@pytest.mark.django_db
def test_a_submitted_file_with_an_image_name_but_html_inside_is_refused_at_upload():
    """The first line of defence: portal/uploads.py decides by content, never by name."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.uploads import clean_image

    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile("photo.png", HTML_AS_PNG, content_type="image/png"))
    assert refused.value.code == "not_an_image"
