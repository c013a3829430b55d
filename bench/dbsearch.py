#!/usr/bin/env python
"""The embedded database search at 10,000 cases: the catalogue page on SQLite and on PostgreSQL.

    .venv/bin/python bench/dbsearch.py                      # 10,000 cases, both databases
    .venv/bin/python bench/dbsearch.py --quick --no-write   # 300 cases, 2 repetitions (a smoke run)
    .venv/bin/python bench/dbsearch.py --databases sqlite --size 10000 --repeat 10

Issue 20's target 3: catalogue page p95 ≤ 250 ms at 10,000 cases on SQLite (what
`make run` serves) and on PostgreSQL, with the thesaurus expansion, ranking by
matched words and typo corrections in place (Elasticsearch switched off).

The cases are built once and kept: SQLite in ``.cache/bench/dbsearch-<size>.sqlite3``,
PostgreSQL in the database ``aishowcase_dbsearch_<size>`` on the server of
DATABASE_URL (when it answers; otherwise a throw-away server, tools/testservices).
A later run reuses them (``--rebuild`` starts again). Each database is measured in
its own process: ``GET /cases/?…`` through Django's test client (routing,
middleware, the search, facet counts, template), a warm-up request per query, then
``--repeat`` rounds over the query mix; median and p95 per query and over all.
The table goes to docs/PERFORMANCE.md with the machine and its load (``uptime``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.report import machine_line, write_section  # noqa: E402

SCRIPT = "dbsearch.py"
RESULT_MARK = "DBSEARCH-RESULT "
DATA_DIR = ROOT / ".cache" / "bench"
TARGET_P95_MS = 250.0
DATABASES = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Query:
    name: str
    params: dict[str, object] = field(default_factory=dict)

    def url(self) -> str:
        return "/cases/" + (f"?{urlencode(self.params, doseq=True)}" if self.params else "")


#: The mix: issue 20's slow examples first, then what visitors also do.
QUERIES: tuple[Query, ...] = (
    Query("text: facial recognition", {"q": "facial recognition"}),
    Query("text + stage: money", {"q": "money", "stage": "in-operation"}),
    Query("text: drone", {"q": "drone"}),
    Query("acronym: ANPR", {"q": "ANPR"}),
    Query("typo: recogniton", {"q": "recogniton"}),
    Query("question: face recognition at airports", {"q": "face recognition at airports"}),
    Query("text, page 3: police", {"q": "police", "page": 3}),
    Query("text, newest: video", {"q": "video", "sort": "newest"}),
    Query("facets: category + country", {"category": "video-analytics", "country": "ZA"}),
    Query("no query (the catalogue)", {}),
)


def log(message: str) -> None:
    print(f"[dbsearch] {message}", file=sys.stderr, flush=True)


def percentile(samples: list[float], p: float) -> float:
    """Nearest rank: the smallest sample with at least ``p`` percent of the samples at or below it."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


# --- In the child process: data, then measurement -------------------------------------------------------


def ensure_cases(size: int) -> dict[str, float]:
    """The demo catalogue and ``size`` generated cases, in Wagtail's database index too; reused when there."""
    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend

    from demo.catalogue import generate_cases, seed_demo_catalogue
    from showcase.models import UseCasePage

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not UseCasePage.objects.exists():
        seed_demo_catalogue()
    current = UseCasePage.objects.filter(slug__startswith="generated-").count()
    new_ids: list[int] = []
    while current < size:
        count = min(5000, size - current)
        new_ids.extend(generate_cases(count, index=False).page_ids)
        current += count
        log(f"  generated {current}/{size} cases ({time.perf_counter() - started:.0f} s)")
    timings["build"] = time.perf_counter() - started
    started = time.perf_counter()
    index = get_search_backend().get_index_for_model(UseCasePage)
    for start in range(0, len(new_ids), 2000):
        index.add_items(UseCasePage, list(UseCasePage.objects.filter(pk__in=new_ids[start : start + 2000])))
    timings["index"] = time.perf_counter() - started
    return timings


def measure(client: object, queries: tuple[Query, ...], repeat: int) -> list[dict[str, object]]:
    """Per query: the response times (ms) of ``repeat`` rounds after one warm-up, and what the page showed.

    The catalogue's results cache (``CATALOGUE_RESULTS_CACHE``) and the store of rendered anonymous
    pages (``public_pages``, showcase/page_store.py) are off: this measures the search's own work and the
    page's rendering, not a repeated answer.
    """
    from django.conf import settings
    from django.test import override_settings

    no_page_store = {**settings.CACHES, "public_pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CATALOGUE_RESULTS_CACHE=False, CACHES=no_page_store):
        return _measure(client, queries, repeat)


def _measure(client: object, queries: tuple[Query, ...], repeat: int) -> list[dict[str, object]]:
    from django.contrib.auth.models import AnonymousUser

    from showcase.search import search_from_query

    rows: list[dict[str, object]] = []
    for query in queries:
        response = client.get(query.url())  # warm-up; also checks the page
        assert response.status_code == 200, (query.url(), response.status_code)
        _request, results = search_from_query(query.params, AnonymousUser())  # what the page counted
        rows.append({"name": query.name, "url": query.url(), "samples": [], "cpu": [], "total": results.total})
    for _round in range(repeat):
        for query, row in zip(queries, rows, strict=True):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(query.url())
            row["samples"].append((time.perf_counter() - started) * 1000)
            row["cpu"].append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200, (query.url(), response.status_code)
    return rows


def versions() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return {"PostgreSQL": cursor.fetchone()[0].split()[0]}
        cursor.execute("select sqlite_version()")
        return {"SQLite": cursor.fetchone()[0]}


def run_here(size: int, repeat: int) -> dict[str, object]:
    import django

    django.setup()
    import logging

    for name in ("django_tasks", "wagtail"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from django.test import Client

    from showcase.models import UseCasePage

    timings = ensure_cases(size)
    rows = measure(Client(), QUERIES, repeat)
    return {"cases": UseCasePage.objects.live().count(), "timings": timings, "rows": rows, "versions": versions()}


# --- In the parent: databases, children, report ---------------------------------------------------------


def postgres_server(stack: ExitStack) -> str:
    from tools.testservices.postgres import ensure_postgres

    service = ensure_postgres(install_missing=False)
    stack.callback(service.stop)
    return service.url


def postgres_database(server_url: str, name: str, fresh: bool) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(urlparse(server_url)._replace(path=f"/{name}"))


def database_url(database: str, args: argparse.Namespace, stack: ExitStack) -> str:
    """Where ``database``'s cases live; quick runs use throw-away ones, removed at the end."""
    if database == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path = DATA_DIR / (f"dbsearch-quick-{os.getpid()}.sqlite3" if args.quick else f"dbsearch-{args.size}.sqlite3")
        if args.quick or args.rebuild:
            path.unlink(missing_ok=True)
        if args.quick:
            stack.callback(lambda: path.unlink(missing_ok=True))
        return f"sqlite:///{path}"
    server = postgres_server(stack)
    name = f"aishowcase_dbsearch_quick_{os.getpid()}" if args.quick else f"aishowcase_dbsearch_{args.size}"
    url = postgres_database(server, name, fresh=args.quick or args.rebuild)
    if args.quick:
        stack.callback(lambda: _drop(server, name))
    return url


def _drop(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_child(database: str, url: str, args: argparse.Namespace) -> dict[str, object]:
    log(f"{database}: {args.size} cases (built once, then reused), {args.repeat} rounds")
    env = {
        **os.environ,
        # make run's settings, with DEBUG off (its per-query log is a development aid, not the search's cost);
        # the pictures of the demo cases kept beside the databases, for the next run.
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "false",
        "MEDIA_ROOT": str(DATA_DIR / "media"),
        "DATABASE_URL": url,
        "ELASTICSEARCH_URL": "",  # the database search, as make run and the outage fallback use it
        "ALLOWED_HOSTS": "testserver,localhost",
        "LOG_LEVEL": "WARNING",
        "DATABASE_CONN_MAX_AGE": "600",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    argv = [sys.executable, __file__, "--child", "--size", str(args.size), "--repeat", str(args.repeat)]
    child = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    line = next(line for line in child.stdout.splitlines() if line.startswith(RESULT_MARK))
    return json.loads(line[len(RESULT_MARK) :])


def load_line() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "uptime unavailable"


def summary(rows: list[dict[str, object]]) -> tuple[float, float]:
    samples = [s for row in rows for s in row["samples"]]
    return statistics.median(samples), percentile(samples, 95)


WHERE_THE_TIME_WENT = """Where the time went before (profiled at 10,000 cases; issue 20 measured "facial recognition" at 10.3 s
on SQLite): Wagtail's SQLite query joins its FTS5 table to the index entries and SQLite evaluated the MATCH
once per entry (`SCAN … VIRTUAL TABLE INDEX 0:=M`); on PostgreSQL `(title || body) @@ query` can use no
index. Both now read Wagtail's index tables with a query an index serves (`showcase/search/sqlite_fts.py`:
the FTS5 MATCH drives the query; `postgres_fts.py`: each word in the title or body GIN index). Then: the
ranking's per-case word comparison (now set lookups), thousands of matched ids compiled as one placeholder
each (now one JSON / array parameter, `id_sets.py`), and every facet count working out again which cases
are live, visible and matching (now read once per group of facets and counted by id).

Second round (cProfile, `CaptureQueriesContext`, `EXPLAIN QUERY PLAN`; the results of 153 queries — the
benchmark's, the relevance set's and facet combinations — compared with the previous code at 10,000 cases on SQLite and PostgreSQL:
the same totals, pages and counts): the unfiltered catalogue spent most of its time in facet counting
(the visible ids read into Python, sent back, and every case's six scalar values read and counted in a
Python loop); the text searches in splitting every matched title and summary into words for the ranking;
and once every five minutes per process one visitor waited a quarter of a second for the typo vocabulary.
Now (`database_facets.py`): each group of facets is one `UNION ALL` statement over its scope written once as
a materialised CTE whose columns are the case id and the scalar facets' values (one pass over the cases);
many-to-many and tag facets are `COUNT(*)` over their through tables, and for the unfiltered catalogue
every row of the through table (read from its index) minus the rows of the few cases outside the visible
scope (drafts, restricted cases); the matched ids of a text search are visible already, so neither the
counts nor the page check visibility again. The ranking tests each distinct query word once per text as a
substring then a regular expression (a bit per word; no splitting), and reads publication times as the
database's UTC text. The typo vocabulary is rebuilt once per catalogue change (`current_stamp()`). The
benchmark runs with `CATALOGUE_RESULTS_CACHE` off: it measures the search's own work. On a busy machine
the CPU column is the better estimate of the idle-machine time on SQLite."""


def render(runs: dict[str, dict[str, object]], args: argparse.Namespace, load_before: str, load_after: str) -> str:
    labels = list(runs)
    found = {k: v for run in runs.values() for k, v in run["versions"].items()}
    lines = [
        "## The embedded database search at 10,000 cases (`bench/dbsearch.py`)",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_line()}; "
        + ", ".join(f"{k} {v}" for k, v in found.items())
        + f". {args.size:,} generated cases plus the demo catalogue; {args.repeat} rounds per query after a warm-up.",
        f"Load before: `{load_before}`; after: `{load_after}`.",
        "",
        "`GET /cases/?…` through Django's test client with Elasticsearch switched off (Wagtail's database search "
        "with the thesaurus expansion, typo corrections and ranking by matched words; facet counts in SQL). "
        "Milliseconds, median / p95 of the response time, and the p95 of this process's CPU time per request "
        "(on SQLite the whole work, the database included, so an estimate of the idle-machine time when "
        "the machine is busy; on PostgreSQL the server's share is not in it).",
        "",
        "| query | " + " | ".join(f"{label}: found | median | p95 | CPU p95" for label in labels) + " |",
        "|---|" + "---:|---:|---:|---:|" * len(labels),
    ]
    for index, query in enumerate(QUERIES):
        cells = []
        for label in labels:
            row = runs[label]["rows"][index]
            cells += [str(row["total"]), f"{statistics.median(row['samples']):.0f}", f"{percentile(row['samples'], 95):.0f}"]
            cells.append(f"{percentile(row['cpu'], 95):.0f}")
        lines.append(f"| {query.name} | " + " | ".join(cells) + " |")
    overall = []
    for label in labels:
        median, p95 = summary(runs[label]["rows"])
        cpu = percentile([c for row in runs[label]["rows"] for c in row["cpu"]], 95)
        overall += ["", f"**{median:.0f}**", f"**{p95:.0f}**", f"{cpu:.0f}"]
    lines += ["| **all queries** | " + " | ".join(overall) + " |", "", "Target (issue 20, point 3):", ""]
    for label in labels:
        _median, p95 = summary(runs[label]["rows"])
        verdict = "met" if p95 <= TARGET_P95_MS else "NOT met"
        lines.append(f"- {label}: catalogue page p95 ≤ {TARGET_P95_MS:.0f} ms: **{p95:.0f} ms** — {verdict}")
    return "\n".join([*lines, "", WHERE_THE_TIME_WENT]) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="generated cases (default 10,000)")
    parser.add_argument("--repeat", type=int, default=20, help="rounds over the query mix (default 20)")
    parser.add_argument("--databases", default=",".join(DATABASES), help="sqlite,postgresql (default both)")
    parser.add_argument("--quick", action="store_true", help="300 cases, 2 rounds, throw-away databases")
    parser.add_argument("--rebuild", action="store_true", help="build the cases again instead of reusing them")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/PERFORMANCE.md alone")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, _ignored = parser.parse_known_args(argv)  # `make bench` passes its arguments to every benchmark
    if args.child:
        print(RESULT_MARK + json.dumps(run_here(args.size, args.repeat)), flush=True)
        return 0
    if args.quick:
        args.size, args.repeat = 300, 2
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    load_before = load_line()
    runs: dict[str, dict[str, object]] = {}
    with ExitStack() as stack:
        for database in args.databases.split(","):
            label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[database.strip()]
            runs[label] = run_child(database.strip(), database_url(database.strip(), args, stack), args)
    section = render(runs, args, load_before, load_line())
    print(section)
    if not args.no_write:
        write_section(SCRIPT, section)
        log("wrote docs/PERFORMANCE.md")
    for label, run in runs.items():
        median, p95 = summary(run["rows"])
        print(f"DBSEARCH-SUMMARY {label} cases={run['cases']} median={median:.1f} p95={p95:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
