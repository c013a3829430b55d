"""Wait until Elasticsearch has finished merging what a bulk build wrote, before anything is timed.

Building 100,000 cases writes two indices (ours and Wagtail's) just before the measurement; for minutes
afterwards the node merges their segments in the background, on the same two cores as the page, the
bare request and PostgreSQL. A live catalogue is not measured mid-build: the benchmark waits until no
merge has been running for a few consecutive checks (and says how long it waited), so every system is
timed on a quiet node. No force-merge: the segments stay as the node's own merge policy leaves them.
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
