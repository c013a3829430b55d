"""The demo catalogue's content, without a database (seeding it: tests/demo/test_seed_demo.py)."""

import pytest

from demo.catalogue import demo_cases
from demo.content import SCENARIOS
from showcase.countries import REGION_OF_COUNTRY

pytestmark = pytest.mark.embedded


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
