"""After migrating, the home page and an empty catalogue exist and render accessibly."""

import re

import pytest
from wagtail.models import Site

from showcase.models import CataloguePage, HomePage

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_migrations_create_home_and_catalogue():
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    catalogue = CataloguePage.objects.child_of(home).get()
    assert catalogue.live and catalogue.url == "/cases/"


def test_home_page_has_an_accessible_layout(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="en" dir="ltr">', html)
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert re.search(r"<header\b", html) and re.search(r'<nav class="site-nav" aria-label="Main">', html)
    assert '<main id="main"' in html and "<footer" in html
    assert html.count("<h1>") == 1
    assert 'href="/cases/"' in html
    assert 'aria-current="page"' in html


def test_catalogue_page_renders_empty(client):
    response = client.get("/cases/")
    assert response.status_code == 200
    assert "No use cases have been published yet." in response.content.decode()


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
