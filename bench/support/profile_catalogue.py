"""Where a catalogue request's time goes: SQL queries, Elasticsearch round trips and a cProfile, per query.

    .venv/bin/python -m bench.support.profile_catalogue --cases 10000          # build (once) and profile
    .venv/bin/python -m bench.support.profile_catalogue --cases 10000 --top 40 # more profile lines

Keeps its database (``aishowcase_profile_<cases>``) and index prefix between runs, so the
second run profiles at once; ``--drop`` removes them. Services as bench/search.py finds them.
The results cache is off (the cold path every request takes before its answer is kept, as
bench/search.py's row (a)); ``--cache`` turns it on (the warm path).
Prints, per benchmark query: the page's time, SQL queries (and their time), Elasticsearch
requests (and their time), then the cumulative cProfile of every page together.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def database(server_url: str, name: str) -> tuple[str, bool]:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(urlparse(server_url)._replace(path=f"/{name}")), bool(exists)


class ElasticTimer:
    """Counts and times the requests elastic_transport sends (wraps ``Transport.perform_request``)."""

    def __init__(self) -> None:
        from elastic_transport import Transport

        self.calls: list[tuple[str, float]] = []
        self._original = Transport.perform_request
        timer = self

        def timed(transport, method, target, *args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return timer._original(transport, method, target, *args, **kwargs)
            finally:
                timer.calls.append((target.split("?")[0], (time.perf_counter() - started) * 1000))

        Transport.perform_request = timed


def build(cases: int) -> None:
    from django.core.management import call_command

    from demo.catalogue import generate_cases, seed_demo_catalogue
    from showcase.search.rebuild import rebuild

    call_command("migrate", verbosity=0)
    seed_demo_catalogue()
    started = time.perf_counter()
    generate_cases(cases, index=False)
    print(f"generated {cases} cases in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    report = rebuild(grace_seconds=0)
    print(f"indexed {report.count} cases in {report.seconds:.0f} s", file=sys.stderr)


def profile(repeat: int, top: int, dump: str, use_profiler: bool) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.search import QUERIES

    client = Client()
    es = ElasticTimer()
    rows = []
    profiler = cProfile.Profile()
    sql_kinds: Counter[str] = Counter()
    for query in QUERIES:
        url = "/cases/?" + urlencode(query.params(), doseq=True)
        client.get(url)  # warm-up
        times = []
        for _ in range(repeat):
            es.calls.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                if use_profiler:
                    profiler.enable()
                response = client.get(url)
                if use_profiler:
                    profiler.disable()
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        for q in captured.captured_queries:
            sql_kinds[q["sql"][:110]] += 1
        rows.append((query.name, statistics.median(times), len(captured), sql_ms, len(es.calls), sum(t for _n, t in es.calls)))
    print(f"{'query':45} {'page ms':>8} {'SQL n':>6} {'SQL ms':>7} {'ES n':>5} {'ES ms':>7}")
    for name, page_ms, n_sql, sql_ms, n_es, es_ms in rows:
        print(f"{name[:45]:45} {page_ms:8.1f} {n_sql:6d} {sql_ms:7.1f} {n_es:5d} {es_ms:7.1f}")
    print("\nSQL statements (last repetition of every query):")
    for sql, n in sql_kinds.most_common(30):
        print(f"{n:4d}  {sql}")
    if not use_profiler:
        return
    if dump:
        profiler.dump_stats(dump)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(out.getvalue())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--dump", default="", help="write the cProfile data to this file")
    parser.add_argument("--no-profile", action="store_true", help="time, count SQL and Elasticsearch only")
    parser.add_argument("--cache", action="store_true", help="results cache on (warm repetitions)")
    args = parser.parse_args(argv)
    from bench.search import services, setup_django

    with ExitStack() as stack:
        server_url, es_url = services(stack)
        name = f"aishowcase_profile_{args.cases}"
        url, existed = database(server_url, name)
        setup_django(url, es_url, f"profile-{args.cases}")
        if args.drop:
            import psycopg
            from django.db import connections

            from showcase.search.connection import indexing_client

            connections.close_all()
            with psycopg.connect(server_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            indexing_client().options(ignore_status=404).indices.delete(index=f"profile-{args.cases}-*")
            return 0
        if not existed:
            build(args.cases)
        from django.conf import settings

        settings.CATALOGUE_RESULTS_CACHE = args.cache
        profile(args.repeat, args.top, args.dump, not args.no_profile)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
