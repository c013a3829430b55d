"""The short form of bench/search.py in the suite: 30 cases, one repetition; the harness works, no timing asserted.

Every system of the comparison answers every query it runs (our page, the bare request, the
database backend, Wagtail's search API and the Wagtail-way page with the same template), the
cold first requests are reported apart, and each of issue 20's targets gets a verdict.
Nothing is written to docs/PERFORMANCE.md (``--no-write``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.elasticsearch]


def test_the_search_benchmark_runs_every_system_at_a_tiny_size(postgres, elasticsearch_url):
    database = settings.DATABASES["default"]
    server = f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/postgres"
    env = {**os.environ, "DATABASE_URL": server, "ELASTICSEARCH_URL": elasticsearch_url}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "search.py"), "--sizes", "30", "--repeat", "1", "--no-write"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    output = result.stdout
    assert result.returncode == 0, f"{output[-3000:]}\n{result.stderr[-3000:]}"
    for system in ("(a)", "(b)", "(c)", "(d)", "(f)"):
        assert re.search(rf"^\| 30 \| {re.escape(system)} .+ \| [\d.]+ \| [\d.]+ \| \d+ \|$", output, re.M), system
    assert re.search(r"^\| 30 \| \(f\) .+ \| 16 \|$", output, re.M), "the Wagtail-way page ran the 16 queries it can express"
    assert "First request of each query (cold" in output
    verdicts = re.findall(r"^TARGET (met|NOT met): (.+)$", output, re.M)
    assert len(verdicts) == 4, output[-2000:]
    assert any("Wagtail-way page" in text for _verdict, text in verdicts)
    assert "Machine load: at the start load average" in output
