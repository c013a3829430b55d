"""The short form of bench/search.py in the suite: 30 cases, one repetition; the harness works, no timing asserted.

Every system of the comparison answers every query it runs (our page, the bare request, the
database backend, Wagtail's search API and the Wagtail-way page with the same template), our page
with the results cache off (cold, judged) and on (warm) apart, the first requests apart, and each of issue 20's targets gets a verdict.
Nothing is written to docs/PERFORMANCE.md (``--no-write``).
"""

from __future__ import annotations

import re

import pytest

from tests.bench_runs import run_benchmark

pytestmark = [pytest.mark.postgres, pytest.mark.elasticsearch]


def test_the_search_benchmark_runs_every_system_at_a_tiny_size(postgres, elasticsearch_url):
    result = run_benchmark(
        "search.py", "--sizes", "30", "--repeat", "1", "--no-write", elasticsearch_url=elasticsearch_url, timeout=900
    )
    output = result.stdout
    assert result.returncode == 0, f"{output[-3000:]}\n{result.stderr[-3000:]}"
    for system in ("(a)", "(b)", "(c)", "(d)", "(f)", "(g)"):
        assert re.search(rf"^\| 30 \| {re.escape(system)} .+ \| [\d.]+ \| [\d.]+ \| \d+ \|$", output, re.M), system
    assert re.search(r"^\| 30 \| \(f\) .+ \| 16 \|$", output, re.M), "the Wagtail-way page ran the 16 queries it can express"
    assert "First request of each query (cold" in output
    assert "judged on the cold page (a), the results cache off" in output
    assert "With the results cache on (g, warm" in output
    verdicts = re.findall(r"^TARGET (met|NOT met): (.+)$", output, re.M)
    assert len(verdicts) == 4, output[-2000:]
    assert any("Wagtail-way page" in text for _verdict, text in verdicts)
    assert "Machine load: at the start load average" in output
    # Timed only once the node had finished merging the build (bench/support/settle.py), and the wait is reported.
    settled = r"\| \d+ s \| (not after )?\d+ s \([\d.]+ cores busy; VACUUM \d+ s\) \|$"
    assert re.search(r"^\| 30 \| [\d,]+ cases/s .+ " + settled, output, re.M), "merges settled, machine quiet columns"
    assert "Timing starts once the node has finished merging" in output
