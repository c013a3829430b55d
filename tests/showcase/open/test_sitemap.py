"""sitemap.xml lists what anonymous visitors can open; robots.txt points to it and keeps crawlers out of the rest."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests import factories

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

pytestmark = pytest.mark.django_db


def locations(client) -> list[str]:
    """The <loc>s, on the Wagtail site's host (http://localhost in tests), as the pages' canonical links."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]


def test_lists_public_pages_not_drafts_or_attendees_only(client):
    public = factories.use_case(title="Public case", tags=("Shared tag", "Open tag"))
    secret = factories.use_case(title="Secret case", visibility="attendees", tags=("Shared tag", "Secret tag"))
    draft = factories.use_case(title="Draft case", publish=False, tags=("Draft tag",))

    found = locations(client)

    assert "http://localhost/" in found
    assert "http://localhost/cases/" in found
    assert f"http://localhost{public.url}" in found
    assert "http://localhost/statistics/" in found
    assert "http://localhost/cases/tags/shared-tag/" in found
    assert "http://localhost/cases/tags/open-tag/" in found
    assert not any(secret.slug in loc for loc in found)
    assert not any(draft.slug in loc for loc in found)
    # Tags used only on cases nobody anonymous may see would give away their existence.
    assert "http://localhost/cases/tags/secret-tag/" not in found
    assert "http://localhost/cases/tags/draft-tag/" not in found
    assert len(found) == len(set(found))


def test_addresses_are_in_the_default_language_whatever_the_crawler_asks(client):
    case = factories.use_case(title="Public case")
    english = locations(client)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    french = locations(client)
    assert french == english
    assert f"http://localhost/cases/{case.slug}/" in french
    assert not any("/fr/" in loc for loc in french)


def test_a_logged_in_attendee_gets_the_same_sitemap(client):
    factories.use_case(title="Secret case", slug="secret-case", visibility="attendees")
    client.force_login(factories.attendee())
    assert not any("secret-case" in loc for loc in locations(client))


def test_a_case_marked_attendees_only_stays_out_even_without_its_restriction_row(client):
    from wagtail.models import PageViewRestriction

    case = factories.use_case(title="Secret case", slug="secret-case", visibility="attendees")
    PageViewRestriction.objects.filter(page=case).delete()
    assert not any("secret-case" in loc for loc in locations(client))


def test_restricted_pages_and_their_subtrees_stay_out(client):
    from wagtail.models import PageViewRestriction

    login_only = factories.use_case(title="Login case", slug="login-case")
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    assert not any("login-case" in loc for loc in locations(client))
    open_case = factories.use_case(title="Open case", slug="open-case")
    PageViewRestriction.objects.create(
        page=factories.catalogue(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    found = locations(client)
    assert "http://localhost/" in found and not any("/cases/" in loc for loc in found), open_case.slug


def test_the_query_does_not_grow_with_the_attendees_only_cases(rf):
    """Wagtail's ``.public()`` adds a condition per restricted page; each attendees-only case has one."""
    from showcase.sitemaps import PublicPagesSitemap

    def query_length() -> int:
        return len(str(PublicPagesSitemap(rf.get("/sitemap.xml")).items().query))

    factories.use_case(title="Secret 0", visibility="attendees")
    first = query_length()
    for number in range(1, 6):
        factories.use_case(title=f"Secret {number}", visibility="attendees")
    assert query_length() == first


def test_lastmod_is_the_publication_date(client):
    case = factories.use_case(title="Dated case", via_revision=True)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    dated = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}
    assert dated[f"http://localhost{case.url}"].startswith(case.last_published_at.date().isoformat())


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/accounts/", "/submit/", "/submissions/", "/api/", "/cases/?"):
        assert f"Disallow: {path}" in lines
    for path in ("/fr/accounts/", "/ar/submit/", "/es/submissions/", "/fr/cases/?"):  # the other interface languages
        assert f"Disallow: {path}" in lines
    assert "Disallow: /cases/" not in lines  # the catalogue and its cases stay crawlable
    assert "Sitemap: http://localhost/sitemap.xml" in lines
