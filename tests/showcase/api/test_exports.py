"""Export formats: stable documented columns, formula-safe CSV, a safe attachment name, streaming."""

from __future__ import annotations

import csv
import io
import re

import pytest

from showcase.api.export import COLUMN_NAMES, csv_cell
from tests import factories

from .conftest import body, csv_rows, json_export

pytestmark = pytest.mark.django_db

#: The documented columns: changing them breaks people's spreadsheets (append only; see docs/API.md).
DOCUMENTED_COLUMNS = (
    "id slug url title summary content_language organisation organisation_type countries regions deployment_stage "
    "use_categories ai_techniques crime_areas affected_persons risk_tier decision_role tags problem benefits outputs "
    "build_approach supplier_name data_summary legal_basis_summary necessity_proportionality annex_iii_point "
    "impact_assessments_summary evaluation_summary human_oversight redress_route accountable_role "
    "logging_audit_summary attendees_only first_published_at last_published_at use_category_slugs "
    "ai_technique_slugs crime_area_slugs tag_slugs case_number review_due last_confirmed may_be_out_of_date retired_note"
).split()


def test_columns_are_the_documented_ones_in_every_place(indexed, api):
    assert list(COLUMN_NAMES) == DOCUMENTED_COLUMNS
    schema = api.get("/api/v1/export/schema.json").json()
    assert [c["name"] for c in schema["columns"]] == DOCUMENTED_COLUMNS
    assert all(c["description"] and c["type"] for c in schema["columns"])
    text = body(api.get("/api/v1/export/cases.csv"))
    assert next(csv.reader(io.StringIO(text[1:]))) == DOCUMENTED_COLUMNS
    exported = json_export(api.get("/api/v1/export/cases.json"))
    assert exported["meta"]["columns"] == DOCUMENTED_COLUMNS
    assert all(list(row) == DOCUMENTED_COLUMNS for row in exported["cases"])
    with open("docs/API.md", encoding="utf-8") as docs:
        documented = docs.read()
    assert all(f"`{name}`" in documented for name in DOCUMENTED_COLUMNS)


def test_values_are_the_public_ones(indexed, api):
    plates = indexed["plates"]
    row = {int(r["id"]): r for r in csv_rows(api.get("/api/v1/export/cases.csv"))}[plates.pk]
    assert row["title"] == plates.title and row["countries"] == "NL"
    assert row["tags"] == "Cameras; Motorway" and row["tag_slugs"] == "cameras; motorway"
    assert row["deployment_stage"] == "In operation" and row["attendees_only"] == "false"
    assert row["url"].endswith(f"/cases/{plates.slug}/")
    case = {r["id"]: r for r in json_export(api.get("/api/v1/export/cases.json"))["cases"]}[plates.pk]
    assert case["tags"] == ["Cameras", "Motorway"] and case["countries"] == ["NL"] and case["attendees_only"] is False


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_cells_are_neutralised(prefix):
    assert csv_cell(f"{prefix}HYPERLINK(\"http://evil\")") == f"'{prefix}HYPERLINK(\"http://evil\")"
    assert csv_cell(["x", "y"]) == "x; y" and csv_cell("plain =1+1") == "plain =1+1"


@pytest.mark.embedded
def test_a_case_with_formulas_comes_out_as_text(api, settings):
    settings.ELASTICSEARCH_URL = ""
    factories.use_case(
        title="=HYPERLINK(\"http://evil.example\",\"click\")",
        summary="+cmd|' /C calc'!A0",
        problem="-2+3",
        benefits="@SUM(1+1)",
        outputs="\tTabbed",
        supplier_name="\rReturn",
        tags=("=evil-tag",),
    )
    row = csv_rows(api.get("/api/v1/export/cases.csv"))[0]
    for column in ("title", "summary", "problem", "benefits", "outputs", "supplier_name", "tags"):
        assert row[column].startswith("'"), (column, row[column])
    assert row["title"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    # JSON is not a spreadsheet: the text is given exactly.
    assert json_export(api.get("/api/v1/export/cases.json"))["cases"][0]["title"].startswith("=HYPERLINK")


def test_downloads_are_streamed_attachments_with_a_safe_name(indexed, api):
    for extension, content_type in (("csv", "text/csv"), ("json", "application/json")):
        response = api.get(f"/api/v1/export/cases.{extension}?q=%22%3B+filename%3Devil.exe")
        assert response.status_code == 200 and response.streaming
        assert response["Content-Type"].startswith(content_type)
        assert re.fullmatch(
            rf'attachment; filename="ai-use-cases-\d{{8}}-\d{{4}}\.{extension}"', response["Content-Disposition"]
        )
        assert response["Cache-Control"] == "private, max-age=60"
        body(response)


def test_exports_refuse_unknown_parameters_like_the_api(indexed, api):
    response = api.get("/api/v1/export/cases.csv?colour=red")
    assert response.status_code == 400 and "colour" in response.json()["detail"]



def test_the_page_parameter_is_ignored_the_whole_result_set_is_exported(indexed, api):
    # The catalogue's query string is passed on as it is, page included.
    rows = csv_rows(api.get("/api/v1/export/cases.csv?technique=computer-vision&page=2"))
    assert len(rows) == 3
