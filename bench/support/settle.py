"""Wait until Elasticsearch has finished merging what a bulk build wrote, before anything is timed.

Building 100,000 cases writes two indices (ours and Wagtail's) just before the measurement; for minutes
afterwards the node merges their segments in the background, on the same two cores as the page, the
bare request and PostgreSQL. A live catalogue is not measured mid-build: the benchmark waits until no
merge has been running for a few consecutive checks (and says how long it waited), so every system is
timed on a quiet node. No force-merge: the segments stay as the node's own merge policy leaves them.

The rest of the machine too: the build leaves PostgreSQL with tables autovacuum will visit within the next minute
or two (``vacuum_analyze`` does it at once), and anything else still running shows as cores kept busy while the
benchmark sleeps (``quiet_machine`` waits until it stops, and says how long it waited and how busy it was).
"""

from __future__ import annotations

import time
from typing import Any

#: Consecutive checks with no merge running that count as settled, and the time between checks.
QUIET_CHECKS, INTERVAL_SECONDS = 3, 1.0


def merges_running(client: Any) -> int:
    """Merges in progress on every node (``_nodes/stats``)."""
    stats = client.nodes.stats(metric="indices", index_metric="merge").body
    return sum(node["indices"]["merges"]["current"] for node in stats["nodes"].values())


def settle(client: Any, timeout: float = 600.0, *, sleep: Any = time.sleep) -> tuple[float, bool]:
    """Wait until no merge runs; (seconds waited, whether it settled before ``timeout``)."""
    started, quiet = time.perf_counter(), 0
    while time.perf_counter() - started < timeout:
        quiet = quiet + 1 if merges_running(client) == 0 else 0
        if quiet >= QUIET_CHECKS:
            return time.perf_counter() - started, True
        sleep(INTERVAL_SECONDS)
    return time.perf_counter() - started, False


# --- The rest of the machine -------------------------------------------------------------------------------------

#: The machine counts as quiet when everything on it together keeps less than this many cores busy for one window
#: (the benchmark itself sleeps meanwhile): PostgreSQL's autovacuum of the tables the build filled, a node's
#: refreshes, another program. Measured on this 2-core machine at rest: 0.02–0.06.
QUIET_CORES, WINDOW_SECONDS = 0.15, 2.0


def cpu_jiffies(stat: str | None = None) -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from the first line of /proc/stat."""
    if stat is None:
        with open("/proc/stat", encoding="ascii") as handle:
            stat = handle.readline()
    fields = [int(value) for value in stat.split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user time
    return total - idle, total


def busy_cores(seconds: float, *, read: Any = cpu_jiffies, sleep: Any = time.sleep, cores: int | None = None) -> float:
    """How many cores the machine kept busy, on average, over the next ``seconds``."""
    import os

    cores = cores or os.cpu_count() or 1
    busy_before, total_before = read()
    sleep(seconds)
    busy_after, total_after = read()
    return cores * (busy_after - busy_before) / max(1, total_after - total_before)


def quiet_machine(timeout: float = 300.0, *, measure: Any = None) -> tuple[float, bool, float]:
    """Wait until the machine is quiet (``QUIET_CORES`` for one window); (seconds waited, quiet, cores busy last)."""
    measure = measure or (lambda: busy_cores(WINDOW_SECONDS))
    started, busy = time.perf_counter(), float("nan")
    while time.perf_counter() - started < timeout:
        busy = measure()
        if busy < QUIET_CORES:
            return time.perf_counter() - started, True, busy
    return time.perf_counter() - started, False, busy


def vacuum_analyze(connection: Any) -> float:
    """``VACUUM (ANALYZE)`` the database the build filled, now (seconds taken): autovacuum would otherwise do it
    within the next minutes, in the middle of the measurement, and the planner would plan on empty-table statistics."""
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    return time.perf_counter() - started
