"""Bulk-generated cases: a sound tree, the same relations as normal cases, visible in listings."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page, PageViewRestriction

from demo.catalogue import generate_cases
from showcase.models import CataloguePage, UseCasePage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_bulk_cases_make_a_sound_tree_and_render(client):
    factories.use_case(title="Made normally")  # bulk pages go after existing children
    result = generate_cases(40, batch_size=7)
    assert result.created == 40 and result.first_number == 1
    assert not any(Page.find_problems())
    catalogue = CataloguePage.objects.get()
    assert catalogue.numchild == 41 == catalogue.get_children().count()
    assert UseCasePage.objects.live().count() == 41

    page = UseCasePage.objects.get(slug="generated-000003")
    assert page.url == "/cases/generated-000003/"
    assert page.use_categories.exists() and page.ai_techniques.exists() and page.regions.exists()
    assert page.full_clean() is None  # a generated page is as valid as an edited one
    response = client.get(page.url)
    assert response.status_code == 200 and page.summary in response.content.decode()


def test_bulk_numbering_continues_and_restrictions_are_created():
    generate_cases(10)
    second = generate_cases(10)
    assert second.first_number == 11
    assert UseCasePage.objects.filter(slug="generated-000020").exists()
    restricted = UseCasePage.objects.filter(visibility="attendees")
    assert restricted.exists()
    assert PageViewRestriction.objects.filter(page__in=restricted).count() == restricted.count()
    visible = UseCasePage.objects.live().visible_to(AnonymousUser())
    assert not visible.filter(visibility="attendees").exists()
    assert visible.count() == 20 - restricted.count()
    assert not any(Page.find_problems())


def test_a_normal_page_can_be_added_after_bulk_pages():
    generate_cases(5)
    case = factories.use_case(title="After bulk")
    assert case.path > UseCasePage.objects.get(slug="generated-000005").path
    assert not any(Page.find_problems())
