"""Schemathesis fuzzes every operation of the served OpenAPI schema, through the WSGI app (no network).

Checks: no server error, only documented status codes and content types, and bodies
that match the documented schemas. Examples are bounded so the run stays well under a
minute; the catalogue underneath is the search tests' known catalogue (the database
search on SQLite, Elasticsearch too when it is configured).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from tests.showcase.search.conftest import known_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(db, request):
    from django.conf import settings as django_settings

    from portal.wsgi import application

    known_catalogue()
    if django_settings.ELASTICSEARCH_URL:
        request.getfixturevalue("catalogue_index").build()
    # Calling the WSGI app directly fires request_finished, which would close the test's
    # database connection (and its transaction); Django's test client disconnects it too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


#: Examples per operation: nine operations in well under a minute.
EXAMPLES = 25


def test_every_operation_conforms_to_its_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 9  # the nine paths listed in the next test

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def conforms(case):
            response = case.call_and_validate(headers={"Host": "localhost"})
            assert response.status_code < 500

        conforms()


def test_the_schema_describes_version_one_and_every_endpoint(api):
    data = api.get("/api/v1/openapi.json").json()
    assert data["info"]["version"] == "1"
    assert set(data["paths"]) == {
        "/api/v1/cases/",
        "/api/v1/cases/{slug}/",
        "/api/v1/facets/",
        "/api/v1/taxonomies/",
        "/api/v1/export/cases.csv",
        "/api/v1/export/cases.json",
        "/api/v1/export/schema.json",
        "/api/v1/statistics/pipeline/",
        "/api/v1/export/registers/",
    }
    parameters = {p["name"] for p in data["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    from showcase.search.facets import FACETS

    assert parameters == {"q", "sort", "page", "lang", *(spec.key for spec in FACETS)}
