#!/usr/bin/env python
"""Search relevance: the judged query set over the demo catalogue, on Elasticsearch and the database search.

    .venv/bin/python bench/relevance.py                  # measure, print, update docs/PERFORMANCE.md
    .venv/bin/python bench/relevance.py --no-write       # print only
    .venv/bin/python bench/relevance.py --record-floor   # also raise bench/relevance_floor.json to today's values

The queries and the cases each must find: ``bench/support/relevance_queries.py``;
the measures (recall@10, MRR, nDCG@10, false-positive rate):
``bench/support/relevance_metrics.py``. ``tests/showcase/search/test_relevance.py``
runs the same set in ``make test`` and fails below the recorded floor.

Services as in ``bench/search.py``: PostgreSQL and Elasticsearch from DATABASE_URL /
ELASTICSEARCH_URL when they answer, otherwise throw-away ones (tools/testservices).
Three configurations, each in its own process with its own fresh database and the
demo catalogue (``manage.py seed_demo``): Elasticsearch and the database search on
PostgreSQL (a temporary database ``aishowcase_relevance_<pid>``, dropped at the end;
indices under ``bench-relevance-<pid>-…``, deleted at the end), and the database
search on SQLite (``make run``'s embedded default; a temporary file).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.relevance_metrics import (  # noqa: E402
    FLOOR_FILE,
    QueryResult,
    floor_from,
    load_floor,
    overall_metrics,
    record_floor,
    summarise,
)
from bench.support.relevance_queries import CATEGORIES, JUDGED, NOTHING  # noqa: E402
from bench.support.report import machine_line, write_section  # noqa: E402

SCRIPT = "relevance.py"
RESULT_MARK = "RELEVANCE-RESULTS "
#: Report column → (configuration process, backend searched in it, floor key).
BACKENDS = {
    "Elasticsearch": ("postgresql", "elasticsearch", "elasticsearch"),
    "database (PostgreSQL)": ("postgresql", "database", "database-postgresql"),
    "database (SQLite)": ("sqlite", "database", "database-sqlite"),
}


def log(message: str) -> None:
    print(f"[relevance] {message}", file=sys.stderr, flush=True)


# --- One configuration, in its own process ------------------------------------------------------------


def measure_here(config: str) -> dict:
    """In a child process whose environment names the database: seed, index, search; the results as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    import logging

    for name in ("elastic_transport", "django_tasks", "wagtail", "elasticsearch"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection

    from bench.support.relevance_search import run_judged_set

    from django.conf import settings

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    backends = ["database"]
    try:
        if config == "postgresql":
            from showcase.search.rebuild import rebuild

            rebuild(grace_seconds=0)
            backends.insert(0, "elasticsearch")
        results = {backend: [r.to_json() for r in run_judged_set(backend)] for backend in backends}
        return {"results": results, "versions": versions(connection)}
    finally:
        if settings.ELASTICSEARCH_URL:
            delete_indices(settings.CATALOGUE_INDEX_PREFIX)
        # The test settings give this process its own media folder: the demo pictures.
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def delete_indices(prefix: str) -> None:
    from showcase.search.connection import indexing_client

    client = indexing_client()
    # Deleting by wildcard is refused (action.destructive_requires_name): name each index.
    for name in client.indices.get(index=f"{prefix}-*", expand_wildcards="all").body:
        client.options(ignore_status=404).indices.delete(index=name)


def versions(connection: object) -> dict[str, str]:
    import platform

    import django
    import wagtail
    from django.conf import settings

    found = {"Python": platform.python_version(), "Django": django.get_version(), "Wagtail": wagtail.__version__}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            found["PostgreSQL"] = cursor.fetchone()[0].split()[0]
        else:
            cursor.execute("select sqlite_version()")
            found["SQLite"] = cursor.fetchone()[0]
    if settings.ELASTICSEARCH_URL:
        from showcase.search.connection import indexing_client

        client = indexing_client()
        found["Elasticsearch node"] = next(iter(client.nodes.info().body["nodes"].values()))["version"]
    return found


def run_child(config: str, env: dict[str, str]) -> dict:
    log(f"{config}: migrate, seed the demo catalogue, search")
    child = subprocess.run(
        [sys.executable, __file__, "--child", config],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    line = next(line for line in child.stdout.splitlines() if line.startswith(RESULT_MARK))
    return json.loads(line[len(RESULT_MARK) :])


# --- Services ----------------------------------------------------------------------------------------------


def postgres_database(stack: ExitStack, server_url: str) -> str:
    import psycopg

    name = f"aishowcase_relevance_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    stack.callback(drop)
    return urlunparse(urlparse(server_url)._replace(path=f"/{name}"))


def measure_all(stack: ExitStack) -> tuple[dict[str, list[QueryResult]], dict[str, str]]:
    from tools.testservices.elasticsearch import ensure_elasticsearch
    from tools.testservices.postgres import ensure_postgres

    postgres = ensure_postgres(install_missing=False)
    stack.callback(postgres.stop)
    elasticsearch = ensure_elasticsearch()
    stack.callback(elasticsearch.stop)
    common = {"DJANGO_SETTINGS_MODULE": "portal.settings.test", "LOG_LEVEL": "WARNING", "PYTHONDONTWRITEBYTECODE": "1"}
    on_postgres = run_child(
        "postgresql",
        {
            **common,
            "DATABASE_URL": postgres_database(stack, postgres.url),
            "ELASTICSEARCH_URL": elasticsearch.url,
            "CATALOGUE_INDEX_PREFIX": f"bench-relevance-{os.getpid()}-{uuid.uuid4().hex[:6]}",
        },
    )
    with tempfile.TemporaryDirectory(prefix="aishowcase-relevance-") as folder:
        sqlite = {"DATABASE_URL": f"sqlite:///{folder}/db.sqlite3", "ELASTICSEARCH_URL": ""}
        on_sqlite = run_child("sqlite", {**common, **sqlite})
    runs = {"postgresql": on_postgres, "sqlite": on_sqlite}
    results = {
        label: [QueryResult(**item) for item in runs[config]["results"][backend]]
        for label, (config, backend, _floor) in BACKENDS.items()
    }
    return results, {**on_sqlite["versions"], **on_postgres["versions"]}


# --- Report ------------------------------------------------------------------------------------------------


def _cell(result_set: list[QueryResult], category: str) -> str:
    summary = summarise(result_set)[category]
    if category == NOTHING:
        hits = sum(r.total > 0 for r in result_set if r.category == NOTHING)
        return f"false positives {hits}/{summary.queries} ({summary.false_positive_rate:.2f})"
    cell = f"{summary.recall:.2f} · {summary.mrr:.2f} · {summary.ndcg:.2f}"
    return f"**{cell}**" if category == "overall" else cell


def _per_query_cell(result: QueryResult) -> str:
    if result.category == NOTHING:
        return f"{result.total} found"
    found = sum(slug in result.ranked for slug in result.relevant)
    first = next((rank for rank, slug in enumerate(result.ranked, 1) if slug in result.relevant), None)
    return f"{found}/{min(len(result.relevant), 10)}" + (f" #{first}" if first else "") + f" ({result.total})"


def render(results: dict[str, list[QueryResult]], found_versions: dict[str, str]) -> str:
    labels = list(results)
    counts = {c: sum(q.category == c for q in JUDGED) for c in CATEGORIES}
    lines = [
        "## Search relevance (`bench/relevance.py`)",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_line()}. "
        + ", ".join(f"{k} {v}" for k, v in found_versions.items())
        + ".",
        "",
        f"{len(JUDGED)} judged queries (`bench/support/relevance_queries.py`: what people type, and the cases each "
        "must find, judged by reading the cases) over the demo catalogue (`manage.py seed_demo`), searched as an "
        "anonymous visitor through the catalogue's own search (relevance order, first page). Recall@10 counts the "
        "wanted cases among the first 10 (out of at most 10), MRR the rank of the first one, nDCG@10 both; queries "
        "that should find nothing report how many returned anything. The French and Spanish versions of a case "
        "an English query wants neither count nor hurt.",
        "",
        "Each cell: recall@10 · MRR · nDCG@10.",
        "",
        "| category | queries | " + " | ".join(labels) + " |",
        "|---|---:|" + "---:|" * len(labels),
    ]
    for category in [*CATEGORIES, "overall"]:
        n = counts.get(category, sum(counts[c] for c in CATEGORIES if c != NOTHING))
        row = [f"**{category}**" if category == "overall" else category, str(n)]
        row.extend(_cell(results[label], category) for label in labels)
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", *targets(results), "", *floor_lines(results), ""]
    lines += [
        "<details><summary>Every query: wanted cases found in the first 10 / wanted, rank of the first, "
        "(total matched)</summary>",
        "",
        "| query | category | " + " | ".join(labels) + " |",
        "|---|---|" + "---|" * len(labels),
    ]
    for index, judged in enumerate(JUDGED):
        cells = [_per_query_cell(results[label][index]) for label in labels]
        lines.append(f"| {judged.text} | {judged.category} | " + " | ".join(cells) + " |")
    lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def targets(results: dict[str, list[QueryResult]]) -> list[str]:
    """Issue 16's goals for the relevance set, against today's values."""
    m = {label: overall_metrics(r) for label, r in results.items()}

    def goal(text: str, value: float, target: float) -> str:
        return f"- {text} ≥ {target}: **{value:.2f}** — {'met' if value >= target else 'NOT met'}"

    lines = ["Targets (issue 16):", ""]
    lines.append(goal("Elasticsearch recall@10", m["Elasticsearch"]["recall@10"], 0.9))
    lines.append(goal("Elasticsearch MRR", m["Elasticsearch"]["mrr"], 0.8))
    for label in ("database (PostgreSQL)", "database (SQLite)"):
        lines.append(goal(f"{label} recall@10", m[label]["recall@10"], 0.75))
    return lines


def floor_lines(results: dict[str, list[QueryResult]]) -> list[str]:
    try:
        floor = load_floor()
    except (OSError, KeyError, ValueError):
        return ["No floor recorded yet (`bench/relevance.py --record-floor`)."]
    names = {"recall@10": "recall@10 ≥", "mrr": "MRR ≥", "ndcg@10": "nDCG@10 ≥"}
    names["false_positive_rate"] = "false-positive rate ≤"
    lines = [f"Floor in `{FLOOR_FILE.relative_to(ROOT)}` (checked by `make test`):", ""]
    for label, (_config, _backend, key) in BACKENDS.items():
        if key in floor:
            limits = ", ".join(f"{names[name]} {value:.2f}" for name, value in floor[key].items())
            lines.append(f"- {label}: {limits}")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/PERFORMANCE.md alone")
    parser.add_argument("--record-floor", action="store_true", help="raise the floor to today's values (rounded down)")
    parser.add_argument("--lower-floor", action="store_true", help="with --record-floor: also lower it")
    parser.add_argument("--details", metavar="FILE", help="also write every query's results (JSON) to FILE")
    parser.add_argument("--child", choices=("postgresql", "sqlite"), help=argparse.SUPPRESS)
    # `make bench` passes its arguments to every benchmark (e.g. --quick): the set is small, nothing to shorten.
    args, _ignored = parser.parse_known_args(argv)
    if args.child:
        print(RESULT_MARK + json.dumps(measure_here(args.child), ensure_ascii=False), flush=True)
        return 0
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    with ExitStack() as stack:
        results, found_versions = measure_all(stack)
    if args.record_floor:
        floors = {BACKENDS[label][2]: floor_from(overall_metrics(r)) for label, r in results.items()}
        record_floor(floors, lower=args.lower_floor)
        log(f"recorded the floor in {FLOOR_FILE.relative_to(ROOT)}")
    section = render(results, found_versions)
    print(section)
    if args.details:
        details = {label: [r.to_json() for r in result_set] for label, result_set in results.items()}
        Path(args.details).write_text(json.dumps(details, indent=1, ensure_ascii=False))
    if not args.no_write:
        write_section(SCRIPT, section)
        log("wrote docs/PERFORMANCE.md")
    for label, result_set in results.items():
        measured = overall_metrics(result_set)
        log(f"{label}: " + ", ".join(f"{k} {v:.3f}" for k, v in measured.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
