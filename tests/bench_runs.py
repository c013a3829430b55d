"""Running a benchmark of bench/ as a subprocess from a test: its own databases on the suite's PostgreSQL server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def run_benchmark(script: str, *args: str, elasticsearch_url: str, timeout: int) -> subprocess.CompletedProcess:
    """``bench/<script> args…`` with DATABASE_URL pointing at the server (the benchmark makes its own database)."""
    database = settings.DATABASES["default"]
    server = f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/postgres"
    env = {**os.environ, "DATABASE_URL": server, "ELASTICSEARCH_URL": elasticsearch_url}
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )
