"""The interactive docs never load anything from a CDN and carry no inline script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_without_ninja_static_files_the_docs_page_is_off_and_points_to_the_schema(api, settings):
    assert "ninja" not in settings.INSTALLED_APPS
    response = api.get("/api/v1/docs")
    assert response.status_code == 404
    assert "/api/v1/openapi.json" in response.json()["detail"]
    assert b"cdn" not in response.content.lower()


def test_the_page_it_serves_once_enabled_uses_only_our_own_static_files():
    # Switching INSTALLED_APPS inside a test would remount the API; the template ninja ships is
    # what SelfHostedSwagger renders (never ninja's CDN variant), so check that file itself.
    import ninja

    html = (Path(ninja.__file__).parent / "templates/ninja/swagger.html").read_text()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, content in scripts:
        if 'type="application/json"' in attributes:
            continue  # a data block (the settings), never run
        assert "src=\"{% static 'ninja/" in attributes and not content.strip(), attributes
    assert "http://" not in html and "https://" not in html and "cdn" not in html.lower()
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
