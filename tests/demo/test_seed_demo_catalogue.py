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


def test_seed_demo_builds_the_catalogue_idempotently_and_count_adds_cases(client, capsys):
    call_command("seed_demo")
    first = counts()
    assert first["cases"] == first["live"] == DEMO_CASE_COUNT + 2
    people = {login.email for login in DEMO_LOGINS} | {row[0] for row in REGISTRANTS}
    assert first["users"] == len(people) and first["restrictions"] >= 6  # the demo logins and meeting registrants

    # Every value of every taxonomy is used by at least one demo case.
    for model in TAXONOMY_MODELS:
        unused = model.objects.filter(cases__isnull=True).values_list("name", flat=True)
        assert not list(unused), f"{model.__name__}: {list(unused)}"
    # Pictures with alt text, some cases without.
    assert first["images"] >= 40
    assert not UseCaseImage.objects.filter(alt_text="").exists()
    assert UseCasePage.objects.filter(images__isnull=True).exists()

    call_command("seed_demo")
    assert counts() == first

    # The logins for each role are printed and work.
    out = capsys.readouterr().out
    for role, email, password in [
        ("administrator", "admin@example.org", "demo-admin-pass"),
        ("editor", "editor@example.org", "demo-editor-pass"),
        ("reviewer", "reviewer@example.org", "demo-reviewer-pass"),
        ("submitter", "submitter@example.org", "demo-submitter-pass"),
        ("attendee", "attendee@example.org", "demo-attendee-pass"),
    ]:
        assert role in out and email in out and password in out
        assert authenticate(username=email, password=password) is not None
    attendee = authenticate(username="attendee@example.org", password="demo-attendee-pass")
    assert attendee.groups.filter(name="Attendees").exists()
    editor = authenticate(username="editor@example.org", password="demo-editor-pass")
    assert editor.has_perm("wagtailadmin.access_admin") and editor.has_perm("showcase.change_usecategory")

    # The demo catalogue renders, with pictures; restricted cases stay hidden from anonymous visitors.
    listing = client.get("/cases/")
    assert listing.status_code == 200 and "<img" in listing.content.decode()
    restricted = UseCasePage.objects.filter(visibility="attendees").first()
    assert restricted.title not in client.get("/cases/?page=1").content.decode()
    assert client.get(restricted.url).status_code == 302
    with_pictures = UseCasePage.objects.filter(images__isnull=False, visibility="public").first()
    assert "srcset=" in client.get(with_pictures.url).content.decode()

    # --count N adds exactly N generated cases that render, and numbering continues.
    call_command("seed_demo", count=25)
    after = counts()
    assert after["cases"] == first["cases"] + 25 and after["live"] == first["live"] + 25
    generated = UseCasePage.objects.filter(slug__startswith="generated-").order_by("slug")
    assert [p.slug for p in generated][:2] == ["generated-000001", "generated-000002"]
    for page in generated.filter(visibility="public")[:5]:
        assert client.get(page.url).status_code == 200
    call_command("seed_demo", count=2)
    assert UseCasePage.objects.filter(slug="generated-000027").exists()
    assert not any(Page.find_problems())


def test_anonymised_demo_cases_do_not_hint_at_the_organisation():
    for case in demo_cases():
        if not case.show_organisation_name:
            assert case.organisation.label not in case.title
            assert case.organisation.name not in case.title
