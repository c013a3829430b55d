"""The suite really runs against the services the harness promises.

`make test` exports TEST_EXPECT_POSTGRES / TEST_EXPECT_ELASTICSEARCH when it
has started (or found) them; these tests fail if the suite silently ran on
something else.
"""

import os

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction


@pytest.mark.django_db
def test_the_expected_database_is_in_use():
    if os.environ.get("TEST_EXPECT_POSTGRES") == "1":
        assert connection.vendor == "postgresql"
    elif os.environ.get("TEST_EMBEDDED_RUN") == "1":
        assert connection.vendor == "sqlite"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_server_answers_and_enforces_the_functional_unique_index():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 130000
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'portal_user_email_ci_unique'"
        )
        (indexdef,) = cursor.fetchone()
    assert "lower" in indexdef.lower()
    User = get_user_model()
    User.objects.create_user("case@example.org", "x-password-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO portal_user (password, is_superuser, first_name, last_name, is_staff, is_active, "
                "date_joined, email) VALUES ('!', false, '', '', false, true, now(), 'CASE@example.org')"
            )


@pytest.mark.elasticsearch
def test_elasticsearch_node_indexes_and_finds_a_document(es_client, unique_index_name):
    from elasticsearch_dsl import Document, Keyword, Text, connections

    nodes = es_client.nodes.info(filter_path="nodes.*.version")["nodes"]
    assert [node["version"][:2] for node in nodes.values()] == ["8."]

    connections.create_connection(alias="harness-check", hosts=[es_client.transport.node_pool.get().base_url])

    class Probe(Document):
        title = Text()
        stage = Keyword()

        class Index:
            name = unique_index_name

    Probe.init(using="harness-check")
    Probe(title="Licence plate recognition at border crossings", stage="pilot").save(using="harness-check")
    Probe(title="Speech transcription of emergency calls", stage="in-operation").save(using="harness-check")
    Probe._index.refresh(using="harness-check")

    hits = Probe.search(using="harness-check").query("match", title="plate").execute()
    assert [hit.title for hit in hits] == ["Licence plate recognition at border crossings"]
    facet = Probe.search(using="harness-check").extra(size=0)
    facet.aggs.bucket("stages", "terms", field="stage", size=10)
    buckets = {b.key: b.doc_count for b in facet.execute().aggregations.stages.buckets}
    assert buckets == {"pilot": 1, "in-operation": 1}
    connections.remove_connection("harness-check")
