"""A case's catalogue remembered per catalogue stamp during page requests (``showcase.models.remembered_parents``).

The case page shows its catalogue's title (the kicker) and permanent address ("Cite this case"); the
catalogue is read once per stamp. Renaming the catalogue or moving its address is a publish, which moves
the stamp: the very next request of a signed-in reader (no page store) must show the new one.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from showcase.models import CataloguePage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def case(settings):
    settings.ELASTICSEARCH_URL = ""
    return factories.use_case(title="Roadside cameras for stolen cars", case_number="AILE-2026-0042")


@pytest.fixture
def reader() -> Client:
    client = Client()
    client.force_login(factories.attendee())
    return client


def catalogue_statements(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('FROM "showcase_cataloguepage"' in query["sql"] for query in queries)


def test_the_catalogue_is_read_once_per_stamp_and_a_renamed_one_shows_at_once(reader, case):
    for _ in range(3):
        reader.get(case.url)
    assert catalogue_statements(reader, case.url) == 0  # from the memo
    catalogue = CataloguePage.objects.get()
    catalogue.title, catalogue.slug = "RENAMED catalogue", "renamed-cases"
    catalogue.save_revision().publish()
    case.refresh_from_db()
    html = reader.get(case.url).content.decode()
    assert "RENAMED catalogue" in html
    assert "/renamed-cases/id/AILE-2026-0042/" in html  # the permanent address, outside the kept fragments


def test_outside_a_page_request_the_parent_comes_from_the_database(case):
    from showcase.models.remembered_parents import specific_parent

    fresh = type(case).objects.get(pk=case.pk)  # no parent cached on the instance
    with CaptureQueriesContext(connection) as queries:
        parent = specific_parent(fresh)
    assert isinstance(parent, CataloguePage) and len(queries) == 2
