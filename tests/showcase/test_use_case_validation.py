"""Field validation of a use case: lengths, required fields and taxonomies, choices, images."""

import pytest
from django.core.exceptions import ValidationError

from showcase.models import MAX_IMAGES, UseCaseImage, UseCasePage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def errors_of(page: UseCasePage) -> dict:
    with pytest.raises(ValidationError) as caught:
        factories.catalogue().add_child(instance=page)
    return caught.value.message_dict


def test_a_complete_case_is_valid_and_publishes():
    case = factories.use_case(via_revision=True)
    assert case.live and case.first_published_at


def test_title_longer_than_100_characters_is_refused():
    assert "title" in errors_of(factories.unsaved_use_case(title="x" * 101))


def test_title_of_exactly_100_characters_is_accepted():
    factories.use_case(title="x" * 100)


def test_summary_longer_than_350_characters_is_refused():
    assert "summary" in errors_of(factories.unsaved_use_case(summary="s" * 351))


def test_long_text_limits_are_enforced_by_validation():
    assert "problem" in errors_of(factories.unsaved_use_case(problem="p" * 3001))


@pytest.mark.parametrize(
    "field", ["summary", "organisation_name", "problem", "benefits", "outputs", "legal_basis_summary", "data_summary",
              "necessity_proportionality", "human_oversight", "redress_route", "accountable_role", "countries"],
)
def test_required_public_fields(field):
    assert field in errors_of(factories.unsaved_use_case(**{field: [] if field == "countries" else ""}))


@pytest.mark.parametrize("field", ["organisation_type", "deployment_stage", "decision_role", "risk_tier_claimed"])
def test_required_taxonomy_values(field):
    assert field in errors_of(factories.unsaved_use_case(**{field: None}))


@pytest.mark.parametrize(
    ("argument", "field"),
    [("categories", "use_categories"), ("techniques", "ai_techniques"), ("crime_areas", "crime_areas"),
     ("affected", "affected_persons")],
)
def test_at_least_one_value_of_each_multi_valued_taxonomy(argument, field):
    assert field in errors_of(factories.unsaved_use_case(**{argument: ()}))


@pytest.mark.parametrize(("field", "value"), [("annex_iii_point", "9"), ("build_approach", "bought"), ("visibility", "secret"), ("content_language", "xx"), ("countries", ["ZZ"])])
def test_choices_are_enforced(field, value):
    assert field in errors_of(factories.unsaved_use_case(**{field: value}))


def test_a_supplier_must_be_named_when_a_supplier_built_it():
    assert "supplier_name" in errors_of(factories.unsaved_use_case(build_approach="supplier", supplier_name=""))
    factories.use_case(build_approach="in_house", supplier_name="")


def test_more_than_six_images_are_refused():
    page = factories.unsaved_use_case()
    page.images = [UseCaseImage(image=factories.image(), alt_text=f"alt {i}") for i in range(MAX_IMAGES + 1)]
    assert "__all__" in errors_of(page)


def test_six_images_are_accepted():
    case = factories.use_case(images=MAX_IMAGES)
    assert case.images.count() == MAX_IMAGES


def test_an_image_needs_alt_text():
    item = UseCaseImage(page=factories.use_case(), image=factories.image(), alt_text="")
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert "alt_text" in caught.value.message_dict


def test_the_page_model_has_no_confidential_field():
    names = {f.name for f in UseCasePage._meta.get_fields()}
    for word in ("contact", "email", "e_mail", "phone", "security", "person_name", "accountable_person", "data_terms"):
        assert not [name for name in names if word in name], word
    with pytest.raises(TypeError):
        UseCasePage(contact_email="someone@example.org")


def test_an_incomplete_draft_can_be_saved_but_not_published():
    page = factories.unsaved_use_case(categories=(), problem="", organisation_type=None)
    page.live = False
    factories.catalogue().add_child(instance=page)  # a draft only needs a title and slug
    with pytest.raises(ValidationError):
        page.save_revision().publish()
