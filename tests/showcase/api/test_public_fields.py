"""The API and the exports answer with the public fields of ``showcase.public_fields``, and only those.

``tests/factories.PUBLIC_TEXT_FIELDS`` is a separate, hand-kept list on purpose: if a text
field were dropped from the declaration, the detail would lose it and this test would say so.
"""

from __future__ import annotations

import pytest

from showcase.public_fields import PUBLIC_FIELDS
from tests import factories

from .conftest import json_export

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def case():
    return factories.use_case(
        tags=("ANPR",), countries=["NL"], organisation_name="PUBLIC-org", supplier_name="PUBLIC-sup"
    )


def test_one_case_carries_every_declared_field_and_a_list_item_the_listed_ones(api, case):
    detail = api.get(f"/api/v1/cases/{case.slug}/").json()
    assert list(detail) == [field.name for field in PUBLIC_FIELDS]
    (item,) = api.get("/api/v1/cases/").json()["results"]
    assert list(item) == [field.name for field in PUBLIC_FIELDS if field.in_list]


def test_the_hand_kept_list_of_public_texts_is_in_the_detail_and_the_export(api, case):
    detail = api.get(f"/api/v1/cases/{case.slug}/").json()
    (row,) = json_export(api.get("/api/v1/export/cases.json"))["cases"]
    for name in factories.PUBLIC_TEXT_FIELDS:
        public_name = "organisation" if name == "organisation_name" else name  # shown in its public form
        assert detail[public_name] == getattr(case, name), name
        assert row[public_name] == getattr(case, name), name


def test_the_documented_schema_is_the_declaration(api):
    schemas = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert list(schemas["CaseDetail"]["properties"]) == [field.name for field in PUBLIC_FIELDS]
    assert all(schemas["CaseDetail"]["properties"][f.name]["description"] == f.description for f in PUBLIC_FIELDS)
    assert list(schemas["CaseSummary"]["properties"]) == [f.name for f in PUBLIC_FIELDS if f.in_list]
