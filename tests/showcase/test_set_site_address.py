"""``manage.py set_site_address``: the default site's hostname and port follow the public base URL.

Otherwise every absolute address Wagtail builds (a case's permanent address in "Cite this case", the
sitemap) says ``http://localhost`` — the record the first migration made.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Site

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def run(*args: str) -> str:
    out = StringIO()
    call_command("set_site_address", *args, stdout=out)
    return out.getvalue()


def default_site() -> tuple[str, int]:
    site = Site.objects.get(is_default_site=True)
    return site.hostname, site.port


@pytest.mark.parametrize(("url", "expected"), [
    ("https://showcase.example.org", ("showcase.example.org", 443)),
    ("https://showcase.example.org/", ("showcase.example.org", 443)),
    ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
    ("  https://Showcase.Example.org:8443  ", ("showcase.example.org", 8443)),
])
def test_the_default_site_takes_the_address(url, expected):
    assert "now" in run(url)
    assert default_site() == expected
    assert "already" in run(url)  # idempotent


def test_by_default_it_follows_the_admin_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://showcase.example.org"
    run()
    assert default_site() == ("showcase.example.org", 443)


@pytest.mark.parametrize("url", [
    "showcase.example.org", "ftp://showcase.example.org", "https://", "https://user:pw@showcase.example.org",
    "https://showcase.example.org/portal/", "https://showcase.example.org/?q=1", "http://showcase.example.org:443",
    "https://showcase.example.org:99999", "javascript:alert(1)",
])
def test_anything_else_is_refused_and_changes_nothing(url):
    before = default_site()
    with pytest.raises(CommandError):
        run(url)
    assert default_site() == before


def test_the_citation_then_gives_the_public_address(settings):
    settings.ELASTICSEARCH_URL = ""
    case = factories.use_case(via_revision=True, title="Cited case")
    run("https://showcase.example.org")
    html = Client().get(case.url).content.decode()  # any host the site answers falls back to the default site
    assert f"https://showcase.example.org/cases/id/{case.case_number}/" in html
