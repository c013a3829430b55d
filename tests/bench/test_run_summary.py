"""bench/run.py's summary: every target line of every benchmark's section, as met or NOT met (no services needed)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.support.report import load_average, target_lines  # noqa: E402

SECTION = """<!-- bench/x.py: start -->
| a | b |
- page p95 ≤ 40 ms: **38.0 ms** — met
- rebuild ≥ 1,000 cases/s: **812 cases/s** — NOT met
- a list item that is not a target
<!-- bench/x.py: end -->
TARGET met: page p95 ≤ 40 ms: 38.0 ms
"""


def test_target_lines_keep_the_verdicts_and_drop_the_markdown_emphasis():
    assert target_lines(SECTION) == [
        "TARGET met: page p95 ≤ 40 ms: 38.0 ms",
        "TARGET NOT met: rebuild ≥ 1,000 cases/s: 812 cases/s",
    ]


def test_run_collects_each_target_once_from_a_benchmark(tmp_path, monkeypatch):
    from bench import run

    script = tmp_path / "fake.py"
    script.write_text(f"print({SECTION!r})\n")
    code, found = run.run_one(script, [])
    assert code == 0
    assert found == ["TARGET met: page p95 ≤ 40 ms: 38.0 ms", "TARGET NOT met: rebuild ≥ 1,000 cases/s: 812 cases/s"]


def test_the_load_average_reads_like_uptime():
    assert load_average().startswith("load average ")
