"""The search document: an explicit allow-list, one prepare_<field> each, no confidential data, right audience.

No server needed: prepare() is tested on its own, and the mapping is read from the Document class.
"""

from __future__ import annotations

import json

import pytest
from wagtail.models import PageViewRestriction

from showcase.models import UseCasePage
from showcase.public_fields import PUBLIC_FIELDS
from showcase.search.audience import (
    ANYONE,
    AUTHENTICATED,
    AccessContext,
    Restriction,
    access_context,
    audience_for,
    group_token,
    user_audience,
)
from showcase.search.documents import ALLOWED_FIELDS, DERIVED_FIELDS, OWN_FIELDS, CaseDocument, CasePreparer
from showcase.search.facets import TEXT_FIELDS
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def prepared(page) -> dict:
    page = UseCasePage.objects.get(pk=page.pk)
    return CasePreparer(access_context([page])).prepare(page)


def test_the_mapping_is_exactly_the_allow_list():
    mapped = set(CaseDocument._doc_type.mapping.to_dict()["properties"])
    assert mapped == set(ALLOWED_FIELDS) | set(DERIVED_FIELDS)
    assert set(CasePreparer(AccessContext()).preparers) == set(ALLOWED_FIELDS)


def test_the_document_holds_the_declared_public_fields_and_no_other():
    """A public field reaches the index only when the declaration gives it a ``search`` value."""
    declared = {field.name for field in PUBLIC_FIELDS if field.search}
    undeclared = {field.name for field in PUBLIC_FIELDS if not field.search}
    assert declared <= set(ALLOWED_FIELDS)
    public_in_document = set(ALLOWED_FIELDS) - set(OWN_FIELDS)  # "url" there is the document's own relative path
    assert not undeclared & public_in_document, "e.g. data_summary and the choices are not indexed"
    assert {"title", "summary", "problem", "benefits", "outputs", "use_categories", "countries"} <= declared


def test_the_searched_text_is_what_the_database_backend_indexes():
    from wagtail.search.index import SearchField

    from wagtail.search.index import RelatedFields

    from showcase.public_fields import SEARCHED_RELATIONS

    database_fields = {f.field_name for f in UseCasePage.search_fields if isinstance(f, SearchField)}
    # Besides the text, both search the names of the taxonomies and countries (the document's taxonomy_names).
    assert set(TEXT_FIELDS) | {"searched_country_names"} == database_fields
    assert {f.field_name for f in UseCasePage.search_fields if isinstance(f, RelatedFields)} == set(SEARCHED_RELATIONS)
    assert "taxonomy_names" in ALLOWED_FIELDS
    assert set(TEXT_FIELDS) <= set(ALLOWED_FIELDS)


def test_prepare_builds_every_allowed_field_and_nothing_else():
    page = factories.use_case(tags=("Night shift",), countries=["NL", "KE"])
    doc = prepared(page)
    assert list(doc) == list(ALLOWED_FIELDS)
    assert doc["page_id"] == page.pk and doc["title"] == page.title
    assert doc["countries"] == ["KE", "NL"] and doc["regions"] == ["africa", "europe"]
    assert doc["tags"] == ["night-shift"] and doc["use_categories"] == ["video-analytics"]
    assert doc["deployment_stage"] == "pilot" and doc["risk_tier"] == "high-risk-annex-iii"
    assert doc["audience"] == [ANYONE] and doc["restricted"] is False
    assert doc["year"] == page.first_published_at.year
    assert doc["url"] == page.url and doc["url_path"] == page.url_path


def test_no_confidential_value_can_reach_the_document():
    page = factories.use_case(show_organisation_name=False, organisation_name="Secret Unit of Testland")
    page = UseCasePage.objects.get(pk=page.pk)
    # Even if confidential values were attached to the page object, prepare() never reads them.
    for name, marker in factories.CONFIDENTIAL_MARKERS.items():
        setattr(page, name, marker)
    doc = CasePreparer(access_context([page])).prepare(page)
    text = json.dumps(doc)
    for marker in factories.CONFIDENTIAL_MARKERS.values():
        assert marker not in text
    assert "Secret Unit of Testland" not in text
    assert doc["organisation"] == page.organisation_display


def test_control_characters_are_removed_so_they_cannot_fake_highlights():
    page = factories.use_case(title="Clean\x02title\x03", summary="a\x01b\x1fc")  # NUL itself cannot be stored by PostgreSQL
    doc = prepared(page)
    assert "\x02" not in doc["title"] and "\x03" not in doc["title"]
    assert doc["summary"] == "a b c"


def test_attendees_only_case_is_for_the_attendees_group_only():
    page = factories.use_case(visibility="attendees")
    doc = prepared(page)
    attendees = factories.attendee().groups.get()
    assert doc["audience"] == [group_token(attendees.pk)]
    assert doc["restricted"] is True and doc["attendees_only"] is True


def test_a_restriction_on_an_ancestor_applies_to_every_case_below():
    catalogue = factories.catalogue()
    page = factories.use_case()
    PageViewRestriction.objects.create(page=catalogue, restriction_type=PageViewRestriction.LOGIN)
    assert prepared(page)["audience"] == [AUTHENTICATED]


@pytest.mark.parametrize(
    ("restrictions", "visibility", "expected"),
    [
        ([], "public", [ANYONE]),
        ([Restriction("login")], "public", [AUTHENTICATED]),
        ([Restriction("password")], "public", []),
        ([Restriction("groups", frozenset({1, 2}))], "public", ["group:1", "group:2"]),
        ([Restriction("groups", frozenset({1, 2})), Restriction("groups", frozenset({2, 3}))], "public", ["group:2"]),
        ([Restriction("groups", frozenset({1}))], "attendees", []),
        ([Restriction("groups", frozenset({7}))], "attendees", ["group:7"]),
        ([], "attendees", ["group:7"]),
        ([Restriction("login")], "attendees", ["group:7"]),
    ],
)
def test_audience_rules(restrictions, visibility, expected):
    assert audience_for(restrictions, visibility, attendees_group_id=7) == expected


def test_user_audience():
    assert user_audience(None) == [ANYONE]
    attendee = factories.attendee()
    assert user_audience(attendee) == [ANYONE, AUTHENTICATED, group_token(attendee.groups.get().pk)]
    admin = factories.get_user_model().objects.create_superuser("su@example.org", "a-long-password")
    assert user_audience(admin) is None
