"""Editing a case in the Wagtail admin: the form's limits, six images at most, and admin search."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from showcase.models import UseCasePage
from showcase.taxonomies import AffectedPersonGroup, AITechnique, CrimeArea, UseCategory
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def form_data(images=(), **overrides):
    values = factories.use_case_values(**overrides)
    data = {
        key: (value.pk if hasattr(value, "pk") else value)
        for key, value in values.items()
        if key not in ("countries",)
    }
    data.update(
        {
            "tags": "",
            "images": inline_formset(list(images)),
            "comments": inline_formset([]),
            "action-publish": "publish",
            "show_organisation_name": "on",
        }
    )
    flat = nested_form_data(data)
    # Multi-valued fields are posted as lists (nested_form_data would number them).
    flat.update(
        {
            "countries": values["countries"],
            "use_categories": [factories.taxonomy(UseCategory, "video-analytics").pk],
            "ai_techniques": [factories.taxonomy(AITechnique, "computer-vision").pk],
            "crime_areas": [factories.taxonomy(CrimeArea, "cybercrime").pk],
            "affected_persons": [factories.taxonomy(AffectedPersonGroup, "victims").pk],
        }
    )
    return flat


def add_url():
    return reverse("wagtailadmin_pages:add", args=("showcase", "usecasepage", factories.catalogue().pk))


def test_the_create_form_renders(admin_client):
    response = admin_client.get(add_url())
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Short summary", "Use categories", "Images (up to six)", "Visibility", "Safeguards"):
        assert label in html, label
    assert 'maxlength="100"' in html


def test_a_case_created_in_the_admin_is_published_and_found_by_the_admin_search(admin_client):
    response = admin_client.post(add_url(), form_data(title="Searchable gunshot detection pilot"))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    case = UseCasePage.objects.get(title="Searchable gunshot detection pilot")
    assert case.live and case.use_categories.count() == 1
    assert list(case.regions.values_list("name", flat=True))
    search = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "gunshot"})
    assert "Searchable gunshot detection pilot" in search.content.decode()


def test_the_admin_form_refuses_a_title_over_100_characters(admin_client):
    response = admin_client.post(add_url(), form_data(title="t" * 101))
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not UseCasePage.objects.exists()


def test_the_admin_form_refuses_more_than_six_images(admin_client):
    images = [
        {"image": factories.image().pk, "alt_text": f"Picture {i}", "caption": ""} for i in range(7)
    ]
    response = admin_client.post(add_url(), form_data(images=images))
    assert response.status_code == 200
    assert response.context["form"].formsets["images"].non_form_errors()
    assert not UseCasePage.objects.exists()


def test_the_admin_form_needs_alt_text_for_an_image(admin_client):
    images = [{"image": factories.image().pk, "alt_text": "", "caption": ""}]
    response = admin_client.post(add_url(), form_data(images=images))
    assert response.status_code == 200
    assert not UseCasePage.objects.exists()


def test_the_admin_form_needs_a_use_category_to_publish(admin_client):
    data = form_data()
    data.pop("use_categories")
    response = admin_client.post(add_url(), data)
    assert response.status_code == 200
    assert "use_categories" in response.context["form"].errors


def test_cases_live_only_under_the_catalogue():
    assert UseCasePage.allowed_parent_page_models() == [factories.catalogue().specific_class]
    assert UseCasePage.allowed_subpage_models() == []
    assert Page.objects.type(UseCasePage).count() == 0
