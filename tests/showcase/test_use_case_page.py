"""The detail page: every public field, grouped as a reader expects; nothing confidential; text escaped."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from showcase.api.case_fields import DETAIL_FIELDS, load_cases
from showcase.public_fields import PUBLIC_FIELDS, Relation
from showcase.taxonomies import OrganisationType
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


class Outline(HTMLParser):
    """Collects the heading levels and the images of a page."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img":
            self.images.append(dict(attrs))


def render(client, case) -> str:
    response = client.get(case.url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_public_field_is_shown(client):
    case = factories.use_case(images=2, tags=("ANPR", "Pilot study"), countries=["NL", "KE"], via_revision=True)
    html = render(client, case)
    for field in factories.PUBLIC_TEXT_FIELDS:
        assert getattr(case, field) in html, field
    for label in (
        "National police", "Netherlands", "Kenya", "Europe", "Africa", "Pilot", "Video analytics", "Computer vision",
        "General policing", "Suspects", "Informs", "From a supplier", "High-risk (Annex III)", "Point 6: law enforcement",
        "ANPR", "Pilot study", "PUBLIC-alt-1", "PUBLIC-caption-2", "English",
    ):
        assert label in html, label
    assert case.title in html
    assert case.first_published_at.strftime("%Y") in html


def shown(field, value) -> list[str]:
    """What a reader must find on the page for one public field, as the API gives its value."""
    if isinstance(field, Relation):
        return [term["name"] for term in (value if field.many else [value]) if term]
    return {
        "text": lambda: [value] if value else [],
        "url": lambda: [value],  # the canonical link
        "choice": lambda: [value["label"]] if value else [],
        "countries": lambda: [country["name"] for country in value],
        "tags": lambda: [tag["name"] for tag in value],
        "date": lambda: [value],  # <time> and the article metadata
    }[field.kind]()


def test_the_page_shows_every_public_field_of_the_declaration(client):
    """The template is written by hand; this keeps it in step with ``showcase.public_fields``."""
    page = factories.use_case(images=1, tags=("ANPR", "Pilot study"), countries=["NL", "KE"], via_revision=True)
    html = unescape(render(client, page))
    (case,) = load_cases([page.pk], None)
    values = case.as_dict(DETAIL_FIELDS)
    unchecked = {
        "id": "the page is the case: its id is not shown", "attendees_only": "a badge, tested below",
        # A notice and a retired case's note: tests/showcase/test_revalidation.py.
        "may_be_out_of_date": "a notice once out of date", "retired_note": "shown on a retired case",
    }
    for field in PUBLIC_FIELDS:
        if field.name in unchecked:
            continue
        expected = shown(field, values[field.name])
        assert expected, f"{field.name}: the test case has no value for it"
        for text in expected:
            assert text in html, f"{field.name}: {text!r} is not on the page"
    assert ("Registered attendees only" in html) is values["attendees_only"] is False


def test_sections_come_in_reader_order_with_one_h1(client):
    html = render(client, factories.use_case(images=1))
    order = [
        "Summary", "The problem and benefits", "How it works", "Data", "Safeguards", "Responsible-use review",
        "Images", "Cite this case",
    ]
    positions = [html.index(f">{heading}</h2>") for heading in order]
    assert positions == sorted(positions)
    outline = Outline()
    outline.feed(html)
    assert outline.headings.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(outline.headings, outline.headings[1:]))
    assert "No published review yet." in html


def test_no_confidential_marker_reaches_the_page(client):
    confidential = dict(factories.CONFIDENTIAL_MARKERS)
    case = factories.use_case(images=1, tags=("OSINT",))
    html = render(client, case)
    for value in confidential.values():
        assert value not in html
    # The page context exposes only the page and the catalogue, not any submission data.
    response = client.get(case.url)
    flat = repr({key: response.context[key] for key in ("page", "review")})
    assert not any(value in flat for value in confidential.values())


def test_html_in_case_text_is_escaped(client):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    case = factories.use_case(problem=attack, summary="Summary " + attack[:40], organisation_name="Org <b>bold</b>", tags=("<i>tag</i>",))
    html = render(client, case)
    assert "<script>alert" not in html
    assert "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Org &lt;b&gt;bold&lt;/b&gt;" in html


def test_an_anonymised_organisation_shows_only_the_type_label(client):
    case = factories.use_case(
        show_organisation_name=False,
        organisation_name="Secretive Squad of Testland",
        organisation_type=factories.taxonomy(OrganisationType, "national-police"),
    )
    html = render(client, case)
    assert "Secretive Squad of Testland" not in html
    assert "A national police agency" in html
    listing = client.get("/cases/").content.decode()
    assert "Secretive Squad of Testland" not in listing


def test_images_have_alt_text_srcset_and_dimensions(client):
    html = render(client, factories.use_case(images=2))
    outline = Outline()
    outline.feed(html)
    figures = [img for img in outline.images if "srcset" in img]
    assert len(figures) == 2
    for img in figures:
        assert img["alt"].startswith("PUBLIC-alt-")
        assert img["width"] and img["height"] and "sizes" in img
        assert len(img["srcset"].split(",")) == 3


def test_content_language_is_labelled_and_marked_up(client):
    case = factories.use_case(content_language="fr", summary="Résumé en français.")
    html = render(client, case)
    assert "Written in français" in html
    assert '<p class="lead" lang="fr" dir="ltr">Résumé en français.</p>' in html
    arabic = factories.use_case(content_language="ar")
    assert 'lang="ar" dir="rtl"' in render(client, arabic)


def test_citation_line(client):
    case = factories.use_case(organisation_name="Meridian Police", via_revision=True)
    html = render(client, case)
    year = case.first_published_at.year
    assert re.search(
        rf"Meridian Police \({year}\)\. <cite[^>]*>{re.escape(case.title)}</cite>\. AI for Law Enforcement use-case showcase, "
        rf"{case.case_number}\. http://[^<]+/cases/id/{case.case_number}/</p>",
        html,
    )
    assert re.fullmatch(rf"AILE-{year}-\d{{4}}", case.case_number)


def test_tags_link_to_tag_pages(client):
    case = factories.use_case(tags=("Gunshot detection",))
    html = render(client, case)
    assert 'href="/cases/tags/gunshot-detection/"' in html


@pytest.mark.parametrize("name", ["Données biométriques", "!!!", "C++ & <tags>", "日本語"])
def test_any_tag_name_renders_and_links_to_a_working_tag_page(client, name):
    case = factories.use_case(tags=(name,))
    html = render(client, case)
    links = re.findall(r'href="(/cases/tags/[^"]*)"', html)
    tag = case.tags.get()
    if not tag.slug:  # a name with no letters or digits: shown, not linked
        assert not links
        return
    assert len(links) == 1
    response = client.get(links[0])
    assert response.status_code == 200
    assert case.title in response.content.decode()


def test_the_admin_preview_of_a_case_renders(admin_client):
    from django.urls import reverse

    case = factories.use_case(via_revision=True)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[case.pk])
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[case.pk]))
    assert edit.status_code == 200
    response = admin_client.get(url)
    assert response.status_code in (200, 400)  # 400: nothing posted to preview yet


def test_the_catalogue_preview_renders(admin_client):
    from django.urls import reverse

    factories.use_case(title="Previewed case")
    catalogue = factories.catalogue()
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[catalogue.pk]))
    assert response.status_code == 200
    assert "Previewed case" in response.content.decode()
