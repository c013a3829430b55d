"""manage.py seed_demo builds the demo catalogue: idempotent, every taxonomy value used, --count adds cases."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from demo.catalogue import DEMO_CASE_COUNT, demo_cases
from demo.content import SCENARIOS
from demo.accounts import DEMO_LOGINS
from demo.meeting_registrations import REGISTRANTS
from showcase.countries import REGION_OF_COUNTRY
from showcase.models import UseCaseImage, UseCasePage
from showcase.taxonomies import TAXONOMY_MODELS
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "cases": UseCasePage.objects.count(),
        "live": UseCasePage.objects.live().count(),
        "images": UseCaseImage.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "users": factories.get_user_model().objects.count(),
    }


def test_demo_content_is_valid_without_a_database():
    cases = demo_cases()
    assert len(cases) >= 60
    assert len({case.slug for case in cases}) == len(cases)
    assert all(len(case.title) <= 100 and len(case.text["summary"]) <= 350 for case in cases)
    assert sum(case.visibility == "attendees" for case in cases) >= 6
    assert all(len(s.title) <= 75 for s in SCENARIOS)
    regions = {REGION_OF_COUNTRY[c] for case in cases for c in case.organisation.countries}
    assert regions == {"002", "019", "142", "150", "009"}
    per_region = {}
    for case in cases:
        for country in case.organisation.countries:
            per_region.setdefault(REGION_OF_COUNTRY[country], set()).add(country)
    assert all(len(countries) >= 3 for countries in per_region.values()), per_region


def test_anonymised_demo_cases_do_not_hint_at_the_organisation():
    for case in demo_cases():
        if not case.show_organisation_name:
            assert case.organisation.label not in case.title
            assert case.organisation.name not in case.title
