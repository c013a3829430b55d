"""Register exports of one case: who gets a file, and whose confidential answers may be in it (issue 17).

Organisation A's submission is published with marker strings in its confidential answers.
A's submitter and confirmed colleague get them in their own file; an editor gets the public
fields only; B's member, an unconfirmed applicant to A, a reviewer and an anonymous visitor get
a 404; and no file of the public API ever holds a marker, whoever asks. Data is built once.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from moderation.setup import EDITORS, REVIEWERS
from showcase.interchange.formats import FORMATS
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

MARK_A = "ORG-A-CONFIDENTIAL-7f3c"
CONTACT_A = factories.CONFIDENTIAL_MARKERS["contact_email"]
API = "/api/v1/export/registers/"


@pytest.fixture(scope="module")
def world(module_db):
    with override_settings(ELASTICSEARCH_URL=""):
        org_a = factories.organisation("Org A police", domain="a-police.example.org")
        owner = factories.submitter("owner@a-police.example.org", org=org_a)
        item = factories.complete_submission(owner)
        item.supplier_data_terms = MARK_A + "-supplier-terms"
        item.data_inventory = MARK_A + "-inventory"
        item.save()
        page = item.page
        page.save_revision().publish()
        page.refresh_from_db()
        assert page.live
        return {
            "page": page,
            "owner": owner,
            "colleague": factories.submitter("colleague@a-police.example.org", org=org_a),
            "applicant": factories.submitter("applicant@a-police.example.org", org=org_a, confirmed=False),
            "other": factories.submitter("member@b-police.example.org", org=factories.organisation("Org B", domain="b.example.org")),
            "editor": factories.user(groups=(EDITORS,)),
            "reviewer": factories.user(groups=(REVIEWERS,)),
            "public_case": factories.use_case(title="A case made in the admin"),
        }


@pytest.fixture
def as_(client, settings):
    settings.ELASTICSEARCH_URL = ""
    client.defaults["HTTP_HOST"] = "localhost"

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


def url(page, key: str) -> str:
    return reverse("submissions:register_export", args=[page.pk, key])


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8") if response.streaming else response.content.decode()


@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_the_owning_organisation_gets_its_own_confidential_answers(world, as_, who):
    client = as_(world[who])
    response = client.get(url(world["page"], "uk-atrs"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    document = json.loads(body(response))
    assert document["meta"]["confidential_answers_included"] is True
    record = document["records"][0]["record"]
    assert record["tier_2"]["owner_and_responsibility"]["data_access_terms"] == MARK_A + "-supplier-terms"
    assert record["tier_2"]["data_specification"]["data_description"] == MARK_A + "-inventory"
    assert record["tier_1"]["contact_email"] == CONTACT_A
    assert {row["value"] for row in document["meta"]["own_answers"]} >= {MARK_A + "-supplier-terms", CONTACT_A}


def test_the_owners_us_inventory_row_carries_their_answers(world, as_):
    response = as_(world["owner"]).get(url(world["page"], "us-ai-inventory"))
    row = next(csv.DictReader(io.StringIO(body(response)[1:])))
    assert row["contact_email"] == CONTACT_A and row["has_pii"] == "Yes" and row["demographic_features"] == "None of the above"
    assert row["id"] == world["page"].case_number


def test_article_49_4_withholds_points_4_and_5_from_the_owner_too(world, as_):
    item = json.loads(body(as_(world["owner"]).get(url(world["page"], "eu-annex-viii"))))["records"][0]
    assert item["record"]["c1_deployer_contact"] == CONTACT_A
    assert item["record"]["c4_fria_summary"] == "" and "c4_fria_summary" in item["withheld"]


def test_an_editor_gets_the_public_fields_only(world, as_):
    client = as_(world["editor"])
    for key in FORMATS:
        for page in (world["page"], world["public_case"]):
            response = client.get(url(page, key))
            assert response.status_code == 200, (key, page)
            text = body(response)
            assert MARK_A not in text and CONTACT_A not in text, key
    document = json.loads(body(client.get(url(world["page"], "nl-algoritmeregister"))))
    assert document["meta"]["confidential_answers_included"] is False and "own_answers" not in document["meta"]


@pytest.mark.parametrize("who", [None, "other", "applicant", "reviewer"])
def test_anyone_else_gets_a_404(world, as_, who):
    client = as_(world[who] if who else None)
    for key in FORMATS:
        assert client.get(url(world["page"], key)).status_code == 404
    assert client.get(url(world["public_case"], "uk-atrs")).status_code == 404


@pytest.mark.parametrize("who", [None, "other", "owner", "editor"])
def test_no_api_export_ever_holds_a_confidential_answer(world, as_, who):
    client = as_(world[who] if who else None)
    for key in FORMATS:
        response = client.get(API, {"format": key})
        assert response.status_code == 200
        text = body(response)
        assert world["page"].title in text  # the case is there, with its public fields
        assert MARK_A not in text and CONTACT_A not in text, (who, key)


@pytest.mark.parametrize(
    "path",
    [
        "/submissions/registers/{pk}/uk-atrs-x/", "/submissions/registers/{pk}/%00/", "/submissions/registers/{pk}/" + "a" * 300 + "/",
        "/submissions/registers/99999999999999999999999/uk-atrs/", "/submissions/registers/0/uk-atrs/",
        "/submissions/registers/{draft}/uk-atrs/",
    ],
)
def test_hostile_or_unknown_addresses_are_404(world, as_, path):
    draft = factories.use_case(publish=False)
    client = as_(world["editor"])
    assert client.get(path.format(pk=world["page"].pk, draft=draft.pk)).status_code == 404


def test_the_case_page_shows_the_links_to_the_owner_and_editors_only(world, as_):
    link = url(world["page"], "uk-atrs")
    for who, shown in (("owner", True), ("colleague", True), ("editor", True), ("other", False), (None, False)):
        page = as_(world[who] if who else None).get(world["page"].url)
        assert page.status_code == 200
        assert (link in page.content.decode()) is shown, who
