#!/usr/bin/env python
"""`make bench`: run every benchmark under bench/ in turn; each writes its table to docs/PERFORMANCE.md.

Arguments are passed on to each benchmark (e.g. `bench/run.py --quick`). At the end, every
target the benchmarks checked is listed as met or NOT met (the ``- … — met`` / ``— NOT met``
lines of the sections they print), with the machine and its load, so one run answers
"where do we stand".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.support.report import load_average, machine_line, target_lines  # noqa: E402


def scripts() -> list[Path]:
    return sorted(p for p in BENCH_DIR.glob("*.py") if p.name not in {"run.py", "__init__.py"})


def run_one(script: Path, argv: list[str]) -> tuple[int, list[str]]:
    """Run a benchmark, its output shown as it comes; its exit status and its targets (``TARGET met|NOT met: …``)."""
    process = subprocess.Popen([sys.executable, str(script), *argv], cwd=BENCH_DIR.parent, stdout=subprocess.PIPE, text=True)
    output = []
    assert process.stdout is not None
    for line in process.stdout:
        print(line, end="", flush=True)
        output.append(line)
    return process.wait(), list(dict.fromkeys(target_lines("".join(output))))


def main(argv: list[str]) -> int:
    started_load = load_average()
    failed, summary = [], []
    for script in scripts():
        print(f"\n==================== {script.name} ====================", flush=True)
        code, found = run_one(script, argv)
        summary += [f"{script.name}: {line}" for line in found]
        if code:
            failed.append(script.name)
    print(f"\n==================== targets ====================\nMachine: {machine_line()}; "
          f"{started_load} at the start, {load_average()} at the end.")
    print("\n".join(summary) if summary else "(no benchmark reported a target)")
    print(f"{sum('TARGET met' in line for line in summary)} met, {sum('NOT met' in line for line in summary)} NOT met.")
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
