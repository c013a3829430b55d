"""bench/support/settle.py: the search benchmark starts timing only once Elasticsearch has stopped merging and the
machine is quiet."""

from __future__ import annotations

import pytest

from bench.support.settle import (
    QUIET_CHECKS,
    busy_cores,
    cpu_jiffies,
    merges_running,
    quiet_machine,
    settle,
    vacuum_analyze,
)


class Merging:
    """A node whose merges run for the first checks of a script, then stop (or never do)."""

    def __init__(self, script: list[int]) -> None:
        self.script, self.checks = list(script), 0
        self.nodes = self

    def stats(self, **_kwargs):  # noqa: ANN003, ANN201
        self.checks += 1
        current = self.script.pop(0) if self.script else 0
        return type("Answer", (), {"body": {"nodes": {"n1": {"indices": {"merges": {"current": current}}}}}})()


def test_it_waits_for_consecutive_quiet_checks_after_the_last_merge():
    node = Merging([2, 0, 1, 0, 0])  # a quiet check between two merges does not count
    waited, quiet = settle(node, timeout=60, sleep=lambda _s: None)
    assert quiet and node.checks == 3 + QUIET_CHECKS


def test_a_node_that_never_stops_merging_is_reported_not_waited_for_forever():
    node = Merging([1] * 10_000)
    waited, quiet = settle(node, timeout=0.05, sleep=lambda _s: None)
    assert not quiet and waited >= 0.05


@pytest.mark.elasticsearch
def test_a_real_node_reports_its_merges(es_client):
    assert merges_running(es_client) >= 0
    waited, quiet = settle(es_client, timeout=120)
    assert quiet and waited < 120


# --- The rest of the machine ---------------------------------------------------------------------------------------

def test_jiffies_are_read_from_the_first_line_of_proc_stat():
    busy, total = cpu_jiffies("cpu  100 5 50 800 40 3 2 0 0 0\n")
    assert (busy, total) == (160, 1000)  # idle and iowait are not busy; guest time is inside user time


def test_busy_cores_is_the_share_of_all_cores_kept_busy_meanwhile():
    readings = iter([(1000, 10_000), (1150, 10_200)])  # 150 of 200 jiffies busy over the window
    assert busy_cores(1, read=lambda: next(readings), sleep=lambda _s: None, cores=2) == pytest.approx(1.5)


def test_it_waits_for_a_quiet_window_and_says_how_busy_the_last_was():
    windows = iter([1.9, 0.8, 0.05])
    waited, quiet, busy = quiet_machine(timeout=60, measure=lambda: next(windows))
    assert quiet and busy == 0.05


def test_a_machine_that_stays_busy_is_reported_not_waited_for_forever():
    waited, quiet, busy = quiet_machine(timeout=0.05, measure=lambda: 1.7)
    assert not quiet and busy == 1.7 and waited >= 0.05


def test_this_machine_reports_a_plausible_load():
    import os

    assert 0 <= busy_cores(0.2) <= (os.cpu_count() or 1) + 0.01


@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside a transaction block
def test_vacuum_analyze_runs_on_the_test_database_outside_a_transaction():
    from django.db import connection

    assert vacuum_analyze(connection) >= 0
