"""rebuild_catalogue_index (atomic alias swap, searches never fail meanwhile) and catalogue_index_health (drift)."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from showcase.search import catalogue_search
from showcase.search.connection import alias_name
from showcase.search.indexing import current_indices, delete_pages, indexing_client
from showcase.search.sync import indexing_paused
from tests import factories

from .conftest import known_catalogue


@pytest.mark.django_db
@pytest.mark.embedded
def test_commands_refuse_without_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("rebuild_catalogue_index")
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("catalogue_index_health")


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_rebuild_swaps_the_alias_and_drops_the_old_index(catalogue_index):
    for _ in range(3):
        factories.use_case()
    out = StringIO()
    call_command("rebuild_catalogue_index", "--grace=0", stdout=out)
    first = current_indices(catalogue_index.client)
    assert len(first) == 1 and first[0].startswith(f"{alias_name()}-")
    assert "Indexed 3 cases" in out.getvalue() and "3/3 cases" in out.getvalue()

    call_command("rebuild_catalogue_index", "--grace=0", "--keep-old", stdout=StringIO())
    second = current_indices(catalogue_index.client)
    assert len(second) == 1 and second != first
    assert catalogue_index.client.indices.exists(index=first[0])  # kept

    call_command("rebuild_catalogue_index", "--grace=0", stdout=StringIO())
    assert not catalogue_index.client.indices.exists(index=second[0])
    assert catalogue_search().total == 3


@pytest.mark.django_db
@pytest.mark.elasticsearch
@pytest.mark.postgres  # a second thread needs its own connection (SQLite's shared-cache test database locks)
def test_searches_never_fail_during_a_rebuild(catalogue_index):
    """Another thread searches all along; every answer comes from Elasticsearch and is complete.

    (The searching thread has its own database connection; it needs only the taxonomy
    labels, which the migrations committed.)
    """
    from demo.catalogue import generate_cases

    known_catalogue()
    generate_cases(300, index=False)  # in bulk (a page at a time took most of the test); one in ten attendees-only
    catalogue_index.build()
    expected = catalogue_search().total
    assert expected == 5 + 270

    stop = threading.Event()
    answers: list[tuple[str, int]] = []
    errors: list[BaseException] = []

    def keep_searching() -> None:
        from django.db import connection

        try:
            while not stop.is_set():
                results = catalogue_search(filters={"stage": ["pilot", "in-operation", "concept", "retired"]})
                answers.append((results.backend, results.total))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(2):
            call_command("rebuild_catalogue_index", "--grace=0.3", "--chunk-size=50", stdout=StringIO())
    finally:
        stop.set()
        searcher.join(timeout=30)
    assert not errors
    assert len(answers) > 5
    assert {backend for backend, _total in answers} == {"elasticsearch"}
    pilot_and_friends = catalogue_search(filters={"stage": ["pilot", "in-operation", "concept", "retired"]}).total
    assert {total for _backend, total in answers} == {pilot_and_friends}
    assert len(current_indices(catalogue_index.client)) == 1


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_health_finds_missing_stale_and_extra_cases_and_fixes_them(catalogue_index):
    kept, removed, changed = factories.use_case(), factories.use_case(), factories.use_case()
    catalogue_index.build()
    out = StringIO()
    call_command("catalogue_index_health", stdout=out)
    assert "The index matches the database." in out.getvalue()

    with indexing_paused():
        added = factories.use_case(via_revision=True)  # missing
        changed.title = "Changed"
        changed.save_revision().publish()  # stale (newer publication)
        removed.delete()  # extra
        lost = factories.use_case(via_revision=True)
    delete_pages([lost.pk], client=indexing_client())  # as if its index update was lost in an outage
    catalogue_index.refresh()
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("catalogue_index_health", stdout=out, stderr=err)
    assert exit_info.value.code == 1
    report = out.getvalue()
    assert f"missing: {min(added.pk, lost.pk)}, {max(added.pk, lost.pk)}" in report
    assert f"stale: {changed.pk}" in report and f"extra: {removed.pk}" in report
    assert "--fix" in err.getvalue()

    out = StringIO()
    call_command("catalogue_index_health", "--fix", stdout=out)
    assert "Re-synced 4 cases; the index matches the database." in out.getvalue()
    call_command("catalogue_index_health", stdout=StringIO())  # exits 0 now
    assert catalogue_search("changed").total == 1
    assert {kept.pk, changed.pk, added.pk, lost.pk} == set(catalogue_search().ids)


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_health_without_an_index_says_to_rebuild(catalogue_index):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("catalogue_index_health", stdout=StringIO(), stderr=err)
    assert exit_info.value.code == 1 and "rebuild_catalogue_index" in err.getvalue()
