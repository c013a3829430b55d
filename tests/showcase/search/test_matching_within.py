"""``matching_ids(…, within=ids)``: the catalogue's search among a few cases (the search alerts' question), on both backends.

The known cases are indexed once for the module; these tests only read.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from showcase.api.matching import matching_ids
from showcase.search import request_from_params
from tests import factories


def found(params: dict, user, within) -> set[int]:
    return set(matching_ids(request_from_params(params), user, within=within).ids)


@pytest.mark.django_db
def test_only_the_given_cases_that_the_search_finds_and_the_person_may_see(indexed_once):
    cases = indexed_once
    plates, secret, faces, triage = (cases[name].pk for name in ("plates", "secret", "faces", "triage"))
    anonymous, attendee = AnonymousUser(), factories.attendee()
    plate_search = {"category": "licence-plate-recognition"}
    assert found(plate_search, anonymous, [plates, secret, faces]) == {plates}
    assert found(plate_search, attendee, [plates, secret, faces]) == {plates, secret}
    assert found(plate_search, attendee, [faces, triage]) == set()
    assert found({"q": "cameras"}, anonymous, [plates, triage]) == {plates}
    assert found({}, anonymous, [faces, triage, secret]) == {faces, triage}
    assert found(plate_search, anonymous, []) == set()
