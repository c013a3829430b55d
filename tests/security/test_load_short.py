"""A short load test in the suite: bench/load.py, one stage of 8 attendees + 1 submitter for 10 seconds; not one request may fail.

The harness of the session-start rush (issue 20.4) at a tiny size: no timing is asserted.

It starts its own gunicorn on a free port, with its own database and index prefix on the
PostgreSQL and Elasticsearch the suite uses (make test starts them), and writes nothing
to docs/PERFORMANCE.md (``--no-write``).
"""

from __future__ import annotations

import re

import pytest

from tests.bench_runs import run_benchmark

pytestmark = [pytest.mark.postgres, pytest.mark.elasticsearch]


def test_eight_users_for_ten_seconds_without_a_single_failure(postgres, elasticsearch_url):
    result = run_benchmark(
        "load.py", "--users", "8", "--seconds", "10", "--arrival", "2", "--workers", "2", "--no-write",
        elasticsearch_url=elasticsearch_url, timeout=600,
    )
    found = re.search(r"LOAD-RESULT requests=(\d+) failures=(\d+)", result.stdout)
    assert found, f"no result line (exit {result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    requests, failures = map(int, found.groups())
    assert failures == 0, result.stdout + result.stderr[-3000:]
    assert requests >= 10, "the users did make requests"
    assert re.search(r"^\| 8 \+ 1 \| \d+ \| 0 \|", result.stdout, re.M), "the stage's row, without an error"
    for group in ("search", "case page", "wizard: save draft"):
        row = re.search(rf"^\| {re.escape(group)} \| (\d+) \| 0 \|", result.stdout, re.M)
        assert row, f"{group}: in the table, without a failure"
    # Where gunicorn's CPU went (bench/support/request_cpu.py): every endpoint group the users read is counted.
    assert "Where gunicorn's CPU went at 8 attendees + 1 submitters" in result.stdout
    for group in ("case page", "wizard: save draft"):
        cells = r"\| (\d+) · (\d+) \| [\d.–]+ · [\d.–]+ \| \d+% \|"
        row = re.search(rf"^\| {re.escape(group)} {cells}", result.stdout, re.M)
        assert row and sum(map(int, row.groups())) > 0, f"{group}: its requests' CPU counted"
    assert result.returncode == 0
