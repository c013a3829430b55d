"""The register formats: their tables, their documentation, their schemas, and a round trip of real cases.

A few cases are built once for the module (the database search: nothing here depends on
the backend); every format's record of each is produced through the API, read back, and
compared with the case's public fields, and validated against the register's schema
where one exists (showcase/interchange/schemas/).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.test import override_settings
from jsonschema import Draft202012Validator

from showcase.interchange import documents
from showcase.interchange.fields import Field, cut, text
from showcase.interchange.formats import FORMATS
from showcase.interchange.nl_algoritmeregister import ALGORITMEREGISTER
from showcase.interchange.us_inventory import INVENTORY
from showcase.public_fields import PUBLIC_FIELDS
from showcase.taxonomies import DeploymentStage, RiskTier
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

ROOT = Path(__file__).resolve().parents[3]
SCHEMAS = ROOT / "showcase" / "interchange" / "schemas"
DOC = ROOT / "docs" / "INTERCHANGE.md"
API = "/api/v1/export/registers/"
LONG_NAME = "Politie Eenheid " + "Noord-" * 30


@pytest.fixture(scope="module")
def cases(module_db):
    with override_settings(ELASTICSEARCH_URL=""):
        return [
            factories.use_case(title="Plates at the border", tags=("borders", "=cmd"), organisation_name=LONG_NAME),
            factories.use_case(
                title="Back-office triage", annex_iii_point="none", build_approach="in_house", supplier_name="",
                risk_tier_claimed=factories.taxonomy(RiskTier, "minimal"), show_organisation_name=False,
                affected=("no-natural-persons",), techniques=("generative-ai", "natural-language-processing"),
                deployment_stage=factories.taxonomy(DeploymentStage, "retired"),
                problem="=HYPERLINK(\"http://x\")", summary="x" * 350,
            ),
            factories.use_case(title="Only for attendees", visibility="attendees"),
        ]


@pytest.fixture
def api(client, settings):
    settings.ELASTICSEARCH_URL = ""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8") if response.streaming else response.content.decode()


def exported(api, key: str) -> dict:
    """The API's export in this format, read back from the file: {case id (CSV: case number): (fields, withheld)}."""
    response = api.get(API, {"format": key})
    assert response.status_code == 200, body(response)
    fmt = FORMATS[key]
    if fmt.csv:
        content = body(response)
        assert content.startswith("\ufeff")
        return {row["id"]: (row, {}) for row in csv.DictReader(io.StringIO(content[1:]))}
    records = json.loads(body(response))["records"]
    return {item["case"]["id"]: (documents.flat(item["record"], fmt), item["withheld"]) for item in records}


def by_name(api, key: str, name_field: str) -> dict:
    return {row[name_field]: row for row, _withheld in exported(api, key).values()}


# --- The tables --------------------------------------------------------------------------------


def test_every_public_source_is_a_declared_public_field():
    declared = {field.name for field in PUBLIC_FIELDS}
    for fmt in FORMATS.values():
        assert len(set(fmt.paths)) == len(fmt.paths), fmt.key
        for item in fmt.fields:
            assert set(item.public) <= declared, (fmt.key, item.path)


def test_a_field_without_a_source_must_say_why():
    with pytest.raises(ValueError, match="say why"):
        Field("x", "X")
    with pytest.raises(ValueError, match="not public fields"):
        Field("x", "X", public=("contact_email",))


def test_the_documentation_lists_every_field_of_every_format():
    doc = DOC.read_text(encoding="utf-8")
    for fmt in FORMATS.values():
        section = doc.split(f"(`{fmt.key}`)", 1)[1].split("\n## ", 1)[0]
        rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([^`]+)` \|.*$", section, flags=re.M)}
        assert list(rows) == list(fmt.paths), fmt.key
        for item in fmt.fields:
            row = rows[item.path]
            for name in item.public:
                assert f"`{name}`" in row, (fmt.key, item.path, name)
            if item.confidential:
                assert "never exported — confidential" in row, (fmt.key, item.path)
            elif item.own:
                assert f"own organisation only: `{item.own}`" in row, (fmt.key, item.path)
            elif not item.public and item.fixed is None:
                assert "left empty —" in row, (fmt.key, item.path)


# --- Schemas and round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("key", [ALGORITMEREGISTER.key, INVENTORY.key])
def test_every_record_validates_against_the_registers_schema(cases, api, key):
    fmt = FORMATS[key]
    schema = json.loads((SCHEMAS / fmt.schema).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    rows = exported(api, key)
    assert len(rows) == 2
    for row, _withheld in rows.values():
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(row)]
        assert not errors, errors


def test_a_value_outside_the_registers_vocabulary_fails_its_schema():
    schema = json.loads((SCHEMAS / ALGORITMEREGISTER.schema).read_text(encoding="utf-8"))
    record = {path: "" for path in ALGORITMEREGISTER.paths} | {"status": "Live", "name": "x" * 101}
    messages = [e.message for e in Draft202012Validator(schema).iter_errors(record)]
    assert any("Live" in m for m in messages) and any("too long" in m for m in messages)


@pytest.mark.parametrize("key", list(FORMATS))
def test_the_public_fields_of_each_case_round_trip(cases, api, key):
    """Each text field a format copies from a public field reads back as the case's value (cut at their limit)."""
    fmt = FORMATS[key]
    rows = exported(api, key)
    public_cases = [page for page in cases if page.visibility == "public"]
    assert len(rows) == len(public_cases)  # the attendees-only case is never in the API's register export
    copied = [item for item in fmt.fields if item.convert is text and len(item.public) == 1]
    assert copied, key
    for page in public_cases:
        page.refresh_from_db()
        row, withheld = rows[page.case_number if fmt.csv else page.pk]
        for item in copied:
            attribute = next(f.attribute for f in PUBLIC_FIELDS if f.name == item.public[0])
            value = str(getattr(page, attribute) or "")
            expected = "" if item.path in withheld else cut(value, item.max_length)
            if fmt.csv and value.startswith("="):
                expected = "'" + expected
            if attribute == "url":
                expected = page.get_full_url()
            assert row[item.path] == expected, (key, item.path)


def test_an_over_long_text_is_cut_at_the_registers_limit_and_says_so(cases, api):
    row = by_name(api, ALGORITMEREGISTER.key, "name")["Plates at the border"]
    assert len(row["organization"]) == 100 and row["organization"].endswith("…")
    assert LONG_NAME.startswith(row["organization"][:-1])
    assert by_name(api, INVENTORY.key, "use_case_name")["Plates at the border"]["agency_bureau"] == LONG_NAME


def test_mapped_vocabularies(cases, api):
    nl = by_name(api, ALGORITMEREGISTER.key, "name")
    assert nl["Plates at the border"]["status"] == "In gebruik"  # a pilot is in use
    assert nl["Plates at the border"]["publication_category"] == "Hoog-risico AI-systeem"
    assert nl["Back-office triage"]["status"] == "Buiten gebruik"
    assert nl["Back-office triage"]["publication_category"] == "Overige algoritmes"
    assert nl["Back-office triage"]["provider"] == "Intern ontwikkeld"
    assert nl["Back-office triage"]["organization"] == "a national police agency"  # the name is hidden
    assert nl["Plates at the border"]["tags"] == "=cmd, borders"
    assert nl["Plates at the border"]["url"].endswith(f"/api/v1/cases/{cases[0].slug}/")
    us = by_name(api, INVENTORY.key, "use_case_name")
    assert us["Back-office triage"]["classification"] == "Generative AI"
    assert us["Back-office triage"]["development_stage"] == "Retired"
    assert us["Plates at the border"]["contracting_usage"] == "Vendor Purchased"
    assert us["Back-office triage"]["problem_solved"].startswith("'=HYPERLINK")  # never a formula in a spreadsheet


def test_the_eu_profile_leaves_out_what_article_49_4_keeps_non_public(cases, api):
    records = {item["case"]["id"]: item for item in json.loads(body(api.get(API, {"format": "eu-annex-viii"})))["records"]}
    law_enforcement, other = records[cases[0].pk], records[cases[1].pk]
    assert law_enforcement["record"]["registration_section"] == "non-public (Art. 49(4))"
    assert law_enforcement["record"]["c4_fria_summary"] == "" == law_enforcement["record"]["c5_dpia_summary"]
    assert set(law_enforcement["withheld"]) == {"c4_fria_summary", "c5_dpia_summary"}
    assert "49(4)" in law_enforcement["withheld"]["c4_fria_summary"]
    assert other["record"]["registration_section"] == "public" and not other["withheld"]
    assert other["record"]["c4_fria_summary"] == cases[1].impact_assessments_summary


# --- The API endpoint ------------------------------------------------------------------------------


def test_without_a_format_the_api_lists_the_formats(api):
    listing = json.loads(body(api.get(API)))
    assert [item["format"] for item in listing["formats"]] == list(FORMATS)


@pytest.mark.parametrize(
    "query",
    [{"format": "atrs"}, {"format": "uk-atrs\x00"}, {"format": "x" * 5000}, {"format": ["uk-atrs", "eu-annex-viii"]},
     {"format": "uk-atrs", "nonsense": "1"}, {"format": "uk-atrs", "sort": "'; DROP TABLE"}],
)
def test_a_hostile_format_or_parameter_is_a_clear_400(api, query):
    response = api.get(API, query)
    assert response.status_code == 400
    assert json.loads(response.content)["detail"]


def test_filters_apply_as_on_the_catalogue(cases, api):
    response = api.get(API, {"format": "uk-atrs", "q": "triage"})
    names = [item["record"]["tier_1"]["name"] for item in json.loads(body(response))["records"]]
    assert names == ["Back-office triage"]


def test_an_attendee_gets_no_attendees_only_case_either(cases, api):
    api.force_login(factories.attendee())
    for key in FORMATS:
        assert "Only for attendees" not in body(api.get(API, {"format": key}))
