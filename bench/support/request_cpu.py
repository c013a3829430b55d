"""Where gunicorn's CPU goes in the rush, per endpoint group: the site's WSGI application, measured (issue 20.4).

``bench/load.py`` serves ``bench.support.measured_wsgi:application`` instead of ``portal.wsgi:application``:
the same application, with the CPU time of the thread that answers each request (``time.thread_time``,
from the call until the server closes the answer, so writing it out is counted; other threads holding
the GIL meanwhile are not) added up per stage, endpoint group and kind. The load generator names the stage
and the group in two request headers; requests without them (the warm-up) are not counted. "first" is the
first time a worker answers a group's address (path and query): its per-worker caches (the page store, the
case-page fragments, the search results) are cold for it; "repeat" is every later time. Each worker writes
its sums to ``$LOAD_REQUEST_CPU_DIR/<pid>.json`` when it exits; ``collect`` adds the workers up.
The garbage collector's passes are timed too, per stage and generation (``record_collection``): they run in
the request thread that happened to allocate, so their CPU is already inside its group's; the table says how
much of the whole they were (what tuning or freezing the collector could at best give back).

Two clock reads and a dictionary update under a lock: a few microseconds per request.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

STAGE_HEADER = "X-Load-Stage"
GROUP_HEADER = "X-Load-Group"
STAGE_KEY = "HTTP_" + STAGE_HEADER.upper().replace("-", "_")  # the headers as WSGI names them
GROUP_KEY = "HTTP_" + GROUP_HEADER.upper().replace("-", "_")
FIRST, REPEAT = "first", "repeat"
COLLECTION = "collection"  # the kind of the garbage collector's rows

#: (stage, group, kind) -> [requests, CPU seconds]; per process (each worker its own after the fork).
_sums: dict[tuple[str, str, str], list[float]] = {}
_seen: set[tuple[str, str]] = set()
_lock = threading.Lock()
#: (stage, collection_group(generation), COLLECTION) -> [passes, CPU seconds]. Written only by the collector's
#: callback, without a lock: a pass can start inside ``record`` (holding ``_lock``), and no two passes overlap.
_collections: dict[tuple[str, str, str], list[float]] = {}


def collection_group(generation: int) -> str:
    return f"garbage collection, generation {generation}"


def _add(into: dict[tuple[str, str, str], list[float]], key: tuple[str, str, str], requests: int, cpu: float) -> None:
    sums = into.setdefault(key, [0, 0.0])
    sums[0] += requests
    sums[1] += cpu


def record(stage: str, group: str, address: str, cpu: float) -> None:
    with _lock:
        kind = REPEAT if (group, address) in _seen else FIRST
        _seen.add((group, address))
        _add(_sums, (stage, group, kind), 1, cpu)


def record_collection(stage: str, generation: int, cpu: float) -> None:
    _add(_collections, (stage, collection_group(generation), COLLECTION), 1, cpu)


def write() -> None:
    """This process's sums to ``$LOAD_REQUEST_CPU_DIR/<pid>.json`` (nothing when it answered none)."""
    directory = os.environ.get("LOAD_REQUEST_CPU_DIR")
    if directory and _sums:
        counted = (*_sums.items(), *_collections.items())
        rows = [[stage, group, kind, n, cpu] for (stage, group, kind), (n, cpu) in counted]
        Path(directory, f"{os.getpid()}.json").write_text(json.dumps(rows))


def collect(directory: str | Path) -> dict[tuple[str, str, str], tuple[int, float]]:
    """Every worker's sums added up: (stage, group, kind) -> (requests, CPU seconds)."""
    total: dict[tuple[str, str, str], list[float]] = {}
    for path in sorted(Path(directory).glob("*.json")):
        for stage, group, kind, n, cpu in json.loads(path.read_text()):
            _add(total, (stage, group, kind), n, cpu)
    return {key: (int(n), cpu) for key, (n, cpu) in total.items()}


def table(collected: dict[tuple[str, str, str], tuple[int, float]], stage: str, groups: list[str],
          gunicorn_seconds: float) -> list[str]:
    """Markdown lines: per group, requests and CPU per request first and repeated, and its share of the CPU."""
    rows = {group: {kind: collected.get((stage, group, kind), (0, 0.0)) for kind in (FIRST, REPEAT)}
            for group in groups}
    counted = sum(cpu for kinds in rows.values() for _n, cpu in kinds.values())
    if not counted:
        return []
    lines = ["| endpoint group | requests: first · repeat | CPU ms per request: first · repeat "
             "| share of the requests' CPU |", "|---|---:|---:|---:|"]

    def per_request(n: int, cpu: float) -> str:
        return f"{cpu * 1000 / n:.1f}" if n else "–"

    for group in sorted(groups, key=lambda g: -sum(cpu for _n, cpu in rows[g].values())):
        (first_n, first_cpu), (repeat_n, repeat_cpu) = rows[group][FIRST], rows[group][REPEAT]
        if first_n or repeat_n:
            lines.append(f"| {group} | {first_n} · {repeat_n} | {per_request(first_n, first_cpu)} · "
                         f"{per_request(repeat_n, repeat_cpu)} | {(first_cpu + repeat_cpu) / counted:.0%} |")
    first_share = sum(kinds[FIRST][1] for kinds in rows.values()) / counted
    lines += ["", f"The requests' threads used {counted:.1f} s of CPU, {first_share:.0%} of it in first answers; "
              f"gunicorn as a whole {gunicorn_seconds:.1f} s (the rest: accepting connections, reading the requests "
              "before the application is called, the workers' own loops)."]
    return lines + _collections_line(collected, stage, counted)


def _collections_line(collected: dict[tuple[str, str, str], tuple[int, float]], stage: str, counted: float) -> list[str]:
    passes = {generation: collected.get((stage, collection_group(generation), COLLECTION), (0, 0.0))
              for generation in (0, 1, 2)}
    spent = sum(cpu for _n, cpu in passes.values())
    if not any(n for n, _cpu in passes.values()):
        return []
    each = "; ".join(f"generation {g}: {n} passes, {cpu * 1000 / n:.2f} ms each" for g, (n, cpu) in passes.items() if n)
    return ["", f"Garbage collection took {spent:.2f} s of the requests' CPU ({spent / counted:.1%}): {each}."]
