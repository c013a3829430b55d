"""The taxonomies are seeded from RUBRIC.md, managed in one admin menu, and retired values are not offered."""

import pytest
from django.urls import reverse

from showcase.forms import UseCasePageForm
from showcase.models import UseCasePage
from showcase.taxonomies import (
    TAXONOMY_MODELS,
    AffectedPersonGroup,
    AITechnique,
    CrimeArea,
    DecisionRole,
    DeploymentStage,
    OrganisationType,
    Region,
    RiskTier,
    UseCategory,
)
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

# The values of ../shared/RUBRIC.md ("What a case records" and "Risk tier"), in order.
RUBRIC_VALUES = {
    UseCategory: [
        "Facial recognition (retrospective)", "Facial recognition (real-time)", "Video analytics",
        "Licence-plate recognition", "Digital forensics",
        "Child sexual abuse material detection and victim identification", "Open-source intelligence",
        "Speech, transcription and translation", "Text and case-file analysis", "Crime pattern and network analysis",
        "Place-based forecasting", "Individual risk assessment", "Resource and patrol planning",
        "Emergency call triage", "Chatbots and virtual assistants", "Deepfake and manipulated-media detection",
        "Financial and cryptocurrency analysis", "Drones and robotics", "Generative assistants",
        "Back-office automation",
    ],
    AITechnique: [
        "Computer vision", "Natural language processing", "Speech and audio", "Classical machine learning",
        "Deep learning", "Generative AI", "Agentic AI", "Reinforcement learning", "Biometrics",
        "Rule-based or expert system", "Graph and network analytics",
    ],
    CrimeArea: [
        "Counter-terrorism", "Cybercrime", "Drugs", "Financial crime and corruption",
        "Trafficking in human beings and migrant smuggling", "Crimes against children", "Organized crime",
        "Firearms", "Environmental crime", "Illicit goods and counterfeiting", "Vehicle crime", "Fugitives",
        "Cultural property", "General policing",
    ],
    DeploymentStage: ["Concept", "Research and development", "Pilot", "In operation", "Retired"],
    OrganisationType: [
        "National police", "Local or regional police", "International organisation", "Other public body",
        "Industry", "Academia or research", "Civil society",
    ],
    Region: ["Africa", "Americas", "Asia", "Europe", "Oceania"],
    RiskTier: [
        "Prohibited practice", "High-risk (Annex III)", "Transparency obligations", "Minimal", "Outside EU scope",
    ],
    DecisionRole: ["Informs", "Recommends or prioritises", "Decides with human sign-off", "Acts automatically"],
    AffectedPersonGroup: ["Suspects", "Victims", "Witnesses", "General public", "Officers", "No natural persons"],
}


@pytest.mark.parametrize("model", TAXONOMY_MODELS, ids=lambda m: m.__name__)
def test_every_taxonomy_is_seeded_with_the_rubric_values_in_order(model):
    assert list(model.objects.values_list("name", flat=True)) == RUBRIC_VALUES[model]
    assert all(model.objects.values_list("active", flat=True))
    slugs = list(model.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == len(slugs) and all(slugs)


def test_counts_match_the_rubric():
    counts = {model.__name__: model.objects.count() for model in TAXONOMY_MODELS}
    assert counts == {
        "UseCategory": 20, "AITechnique": 11, "CrimeArea": 14, "DeploymentStage": 5, "OrganisationType": 7,
        "Region": 5, "RiskTier": 5, "DecisionRole": 4, "AffectedPersonGroup": 6,
    }


def test_organisation_types_have_an_anonymised_label_and_regions_an_m49_code():
    assert OrganisationType.objects.get(slug="national-police").anonymised_label == "a national police agency"
    assert not OrganisationType.objects.filter(anonymised_label="").exists()
    assert dict(Region.objects.values_list("m49_code", "name")) == {
        "002": "Africa", "019": "Americas", "142": "Asia", "150": "Europe", "009": "Oceania",
    }


def _form(instance, parent):
    form_class = UseCasePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, UseCasePageForm)
    return form_class(instance=instance, parent_page=parent, for_user=None)


def test_a_retired_value_is_not_offered_for_a_new_case():
    retired = UseCategory.objects.get(slug="place-based-forecasting")
    retired.active = False
    retired.save()
    stage = DeploymentStage.objects.get(slug="concept")
    stage.active = False
    stage.save()
    catalogue = factories.catalogue()
    form = _form(UseCasePage(), catalogue)
    assert retired not in form.fields["use_categories"].queryset
    assert UseCategory.objects.get(slug="video-analytics") in form.fields["use_categories"].queryset
    assert stage not in form.fields["deployment_stage"].queryset


def test_a_retired_value_stays_on_a_case_that_has_it_and_the_case_still_validates():
    case = factories.use_case(categories=("place-based-forecasting",), deployment_stage=factories.taxonomy(DeploymentStage, "concept"))
    UseCategory.objects.filter(slug="place-based-forecasting").update(active=False)
    DeploymentStage.objects.filter(slug="concept").update(active=False)
    case = UseCasePage.objects.get(pk=case.pk)
    form = _form(case, factories.catalogue())
    assert UseCategory.objects.get(slug="place-based-forecasting") in form.fields["use_categories"].queryset
    assert DeploymentStage.objects.get(slug="concept") in form.fields["deployment_stage"].queryset
    case.full_clean()  # no error: the retired values remain valid on the old case
    assert case.use_categories.get().slug == "place-based-forecasting"


def test_a_retired_value_still_finds_its_old_cases_in_the_catalogue(client):
    case = factories.use_case(categories=("place-based-forecasting",))
    UseCategory.objects.filter(slug="place-based-forecasting").update(active=False)
    response = client.get("/cases/?category=place-based-forecasting")
    assert case.title in response.content.decode()


def test_taxonomies_share_one_admin_menu_group(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Taxonomies" in html
    for model in TAXONOMY_MODELS:
        url = reverse(f"wagtailsnippets_showcase_{model._meta.model_name}:list")
        assert url in html
        listing = admin_client.get(url)
        assert listing.status_code == 200
        assert model.objects.first().name in listing.content.decode()


def test_an_editor_can_retire_a_value_in_the_admin(admin_client):
    value = CrimeArea.objects.get(slug="firearms")
    url = reverse("wagtailsnippets_showcase_crimearea:edit", args=[value.pk])
    response = admin_client.post(url, {"name": value.name, "slug": value.slug, "description": "", "active": ""})
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.active is False


def test_taxonomy_admin_needs_permission(client):
    from django.contrib.auth.models import Permission

    reviewer = factories.user(is_staff=True)
    reviewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reviewer)
    list_url = reverse("wagtailsnippets_showcase_usecategory:list")
    assert client.get(list_url).status_code in (302, 403)
    value = UseCategory.objects.first()
    response = client.post(
        reverse("wagtailsnippets_showcase_usecategory:edit", args=[value.pk]),
        {"name": "Renamed", "slug": value.slug, "active": "on"},
    )
    assert response.status_code in (302, 403)
    value.refresh_from_db()
    assert value.name != "Renamed"
    reviewer.user_permissions.add(Permission.objects.get(codename="change_usecategory"))
    assert client.get(list_url).status_code == 200


@pytest.mark.parametrize("model", TAXONOMY_MODELS, ids=lambda m: m.__name__)
def test_the_editors_group_keeps_the_taxonomies_and_reviewers_only_use_them(client, model):
    """Editors add, rename and retire values (the rubric grows with the meeting); deleting stays with administrators."""
    from moderation.setup import EDITORS, REVIEWERS

    name = model._meta.model_name
    value = model.objects.first()
    edit_url = reverse(f"wagtailsnippets_showcase_{name}:edit", args=[value.pk])
    reviewer = factories.user("reviewer@unicri.example.org", groups=(REVIEWERS,), is_staff=True)
    client.force_login(reviewer)
    assert client.get(edit_url).status_code in (302, 403)
    editor = factories.user("editor@unicri.example.org", groups=(EDITORS,), is_staff=True)
    client.force_login(editor)
    assert client.get(reverse(f"wagtailsnippets_showcase_{name}:list")).status_code == 200
    assert client.get(edit_url).status_code == 200
    assert client.get(reverse(f"wagtailsnippets_showcase_{name}:add")).status_code == 200
    assert client.get(reverse(f"wagtailsnippets_showcase_{name}:delete", args=[value.pk])).status_code in (302, 403)
    assert model.objects.filter(pk=value.pk).exists()
