"""Countries map to UN M49 regions; a case's regions follow its countries and cannot be set by hand."""

import pytest
from django_countries import countries

from showcase.countries import REGION_OF_COUNTRY, region_codes_for
from showcase.models import UseCasePage
from tests import factories

pytestmark = [pytest.mark.embedded]


def test_every_iso_country_has_a_region_except_antarctica():
    codes = {code for code, _name in countries}
    assert codes - set(REGION_OF_COUNTRY) == {"AQ"}
    assert set(REGION_OF_COUNTRY.values()) == {"002", "019", "142", "150", "009"}


@pytest.mark.parametrize(
    ("country", "region"),
    [("NL", "150"), ("KE", "002"), ("BR", "019"), ("US", "019"), ("JP", "142"), ("TR", "142"), ("AU", "009"), ("FJ", "009"), ("RU", "150"), ("EG", "002")],
)
def test_known_countries(country, region):
    assert region_codes_for([country]) == [region]


def test_region_codes_are_unique_and_sorted():
    assert region_codes_for(["FR", "DE", "KE", "AQ", "xx"]) == ["002", "150"]


@pytest.mark.django_db
def test_regions_are_derived_from_countries_on_save():
    case = factories.use_case(countries=["NL", "KE"])
    assert sorted(case.regions.values_list("name", flat=True)) == ["Africa", "Europe"]
    case.countries = ["BR"]
    case.save()
    assert list(UseCasePage.objects.get(pk=case.pk).regions.values_list("name", flat=True)) == ["Americas"]


@pytest.mark.django_db
def test_regions_follow_countries_through_a_published_revision():
    case = factories.use_case(countries=["JP"], via_revision=True)
    assert list(case.regions.values_list("name", flat=True)) == ["Asia"]
    case.countries = ["AU", "FJ"]
    case.save_revision().publish()
    assert list(UseCasePage.objects.get(pk=case.pk).regions.values_list("name", flat=True)) == ["Oceania"]


@pytest.mark.django_db
def test_editors_cannot_set_regions_by_hand():
    form_class = UseCasePage.get_edit_handler().get_form_class()
    assert "regions" not in form_class.base_fields
    assert "countries" in form_class.base_fields
