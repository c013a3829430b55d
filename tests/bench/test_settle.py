"""bench/support/settle.py: the search benchmark starts timing only once Elasticsearch has stopped merging."""

from __future__ import annotations

import pytest

from bench.support.settle import QUIET_CHECKS, merges_running, settle


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
