"""What the load test's processes cost: CPU seconds per group of processes over a stretch of time.

bench/load.py samples the gunicorn tree, PostgreSQL's server tree, the Elasticsearch node and
itself (the load generator shares the machine) before and after each stage; the cores each
group kept busy show what limits the site: gunicorn near the cores left over means Python is
the limit, PostgreSQL or Elasticsearch high means the database or the search node.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import psutil


def tree(pid: int | None) -> list[psutil.Process]:
    """The process and all its descendants (empty when it is gone or unknown)."""
    if not pid:
        return []
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def cpu_seconds(pid: int | None, recursive: bool = True) -> float:
    total = 0.0
    processes = tree(pid) if recursive else tree(pid)[:1]
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue  # a worker or backend that ended meanwhile
    return total


def postgres_pid(database_url: str) -> int | None:
    """The PostgreSQL server's main process (the parent of our backend), when it runs on this machine."""
    import psycopg

    try:
        # Generous: on a machine already busy a connection can take seconds, and a miss drops the column to 0.
        with psycopg.connect(database_url, connect_timeout=15) as conn:
            backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        parent = psutil.Process(backend).parent()
        return parent.pid if parent else None
    except Exception:  # noqa: BLE001 - remote server or no permission: not sampled
        return None


def elasticsearch_pid(es_url: str) -> int | None:
    import json
    import urllib.request

    try:
        with urllib.request.urlopen(f"{es_url.rstrip('/')}/_nodes/_local/process", timeout=5) as response:
            nodes = json.load(response)["nodes"]
        pid = next(iter(nodes.values()))["process"]["id"]
        psutil.Process(pid)  # on this machine?
        return pid
    except Exception:  # noqa: BLE001
        return None


@dataclass
class CpuSampler:
    """``start()`` then ``stop()``: cores used by each named process tree in between, and by the whole machine.

    Names in ``alone`` count their own process only, not its children: the load generator started gunicorn.
    """

    pids: dict[str, int | None]
    alone: frozenset[str] = frozenset()
    _before: dict[str, float] = field(default_factory=dict)
    _machine: float = 0.0
    _started: float = 0.0

    def start(self) -> None:
        import time

        self._before = {name: cpu_seconds(pid, name not in self.alone) for name, pid in self.pids.items()}
        times = psutil.cpu_times()
        self._machine = sum(times) - times.idle - getattr(times, "iowait", 0.0)
        self._started = time.monotonic()

    def stop(self) -> dict[str, float]:
        """``{group: cores used on average}``, plus ``machine`` (all processes, ours and anyone else's)."""
        import time

        elapsed = max(time.monotonic() - self._started, 1e-6)
        used = {
            name: (cpu_seconds(pid, name not in self.alone) - self._before.get(name, 0.0)) / elapsed
            for name, pid in self.pids.items()
        }
        times = psutil.cpu_times()
        used["machine"] = (sum(times) - times.idle - getattr(times, "iowait", 0.0) - self._machine) / elapsed
        return used


def this_process() -> int:
    return os.getpid()
