"""`make test` stopped with SIGTERM or SIGHUP (a cancelled CI job) still stops the services it started."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = """
import os, signal, sys, time
from contextlib import ExitStack
sys.path.insert(0, "tools")
import run_tests

run_tests.stop_on_signals()
with ExitStack() as stack:  # as main() holds the services it started
    stack.callback(lambda: open(sys.argv[1], "w").write("services stopped"))
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    time.sleep(10)
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_stopped_run_unwinds_what_it_started(tmp_path, name):
    marker = tmp_path / "stopped"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(marker), name], cwd=ROOT, timeout=60)
    assert done.returncode == 128 + getattr(signal, name)
    assert marker.read_text() == "services stopped"
