#!/usr/bin/env python
"""`make bench`: run every benchmark under bench/ in turn; each writes its table to docs/PERFORMANCE.md.

Arguments are passed on to each benchmark (e.g. `bench/run.py --quick`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(p for p in BENCH_DIR.glob("*.py") if p.name not in {"run.py", "__init__.py"})
    failed = []
    for script in scripts:
        print(f"\n==================== {script.name} ====================", flush=True)
        code = subprocess.call([sys.executable, str(script), *argv], cwd=BENCH_DIR.parent)
        if code:
            failed.append(script.name)
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
