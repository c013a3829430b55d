#!/usr/bin/env python
"""`make test`: start the services, run the whole suite, then the embedded-default smoke run.

1. PostgreSQL and Elasticsearch: reused when DATABASE_URL / ELASTICSEARCH_URL
   answer, otherwise started here on loopback (tools/testservices/); Debian's
   Chromium for the browser tests (installed under CI when missing).
2. The whole suite on PostgreSQL + Elasticsearch, in parallel: one pytest-xdist
   worker per core (TEST_WORKERS overrides; 1 = no workers), each with its own
   test database (pytest-django), index prefix (portal/settings/test.py) and
   Chromium. `--dist loadgroup --no-loadscope-reorder` hands out units (a
   module's tests of one kind, or one test of a big matrix) one at a time,
   longest first (tests/scheduling.py), so both workers stay busy to the end,
   and keeps pytest-django's order on each worker (the transactional tests,
   which flush every table, last); `--dist loadfile` interleaves them with the
   others and breaks what follows them. The 20 slowest tests are listed at the end.
3. A smoke subset again on SQLite with the database search, the
   configuration `make run` uses: the tests marked `embedded` in SMOKE_PATHS
   (on the same workers).
   (Every test also runs on SQLite under plain `pytest`; repeating the whole
   suite in `make test` would double its time for little.)

With CI=true a service that cannot be started fails the run. Outside CI the
reason is printed on one line and the tests that need that service skip.
Extra arguments go to both pytest runs (e.g. `make test ARGS="-k healthz"`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from testservices import PROJECT_DIR, ServiceUnavailable, apt_install  # noqa: E402
from testservices.chromium import ensure_chromium  # noqa: E402
from testservices.elasticsearch import ensure_elasticsearch  # noqa: E402
from testservices.postgres import ensure_postgres  # noqa: E402

CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

#: What the embedded-default smoke run covers: the skeleton, the site pages,
#: accounts, the database search contract and its relevance floor, and one browser journey.
SMOKE_PATHS = [
    "tests/test_services.py",
    "tests/test_compose.py",
    "tests/portal/test_healthz.py",
    "tests/portal/test_settings.py",
    "tests/portal/test_user_model.py",
    "tests/demo/test_seed_demo.py::test_seed_demo_twice_leaves_the_same_accounts",
    "tests/demo/test_seed_demo_off.py",
    "tests/showcase/test_site_pages.py",
    "tests/showcase/test_visibility.py",
    "tests/showcase/search/test_contract.py",
    "tests/showcase/search/test_catalogue_page.py",
    "tests/showcase/search/test_catalogue_hostile_queries.py",
    "tests/showcase/search/test_relevance.py",
    "tests/moderation/test_red_flags.py",
    "tests/browser/test_smoke.py",
]


#: Command-line tools some tests need: (binary, Debian package, what for). Installed under CI when missing.
TOOLS = (
    ("msgmerge", "gettext", "the check that the translation catalogues are complete"),
    ("npm", "npm", "installing axe-core for the accessibility checks"),
)


def worker_args() -> list[str]:
    """pytest-xdist options for the whole-suite run: a worker per core (at most 4) unless TEST_WORKERS says otherwise."""
    wanted = os.environ.get("TEST_WORKERS", "").strip()
    workers = int(wanted) if wanted.isdigit() else min(os.cpu_count() or 1, 4)
    if workers <= 1:
        return []
    return ["-n", str(workers), "--dist", "loadgroup", "--no-loadscope-reorder"]


def banner(text: str) -> None:
    print(f"\n{'=' * 20} {text} {'=' * 20}", flush=True)


def loud_skip(service: str, reason: str) -> None:
    print(f"!!! {service} UNAVAILABLE - its tests will be SKIPPED: {reason}", file=sys.stderr, flush=True)


def run_pytest(label: str, env: dict[str, str], args: list[str], report: Path) -> tuple[int, dict[str, int]]:
    banner(label)
    argv = [sys.executable, "-m", "pytest", f"--junitxml={report}", *args]
    code = subprocess.call(argv, cwd=PROJECT_DIR, env=env)
    return code, _counts(report)


def _counts(report: Path) -> dict[str, int]:
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if not report.exists():
        return counts
    root = ET.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    for suite in suites:
        for key in counts:
            counts[key] += int(suite.get(key, 0))
    return counts


def start_templates(builds: list[tuple[str, dict[str, str]]], folder: Path) -> list[tuple[str, str, subprocess.Popen]]:
    """Migrate one database per run to copy from (tools/test_db_template.py), all at once: (kind, name, process).

    ``builds``: (kind, env) with kind "postgres" (env has DATABASE_URL) or "sqlite". Started before
    Elasticsearch, while it starts: migrating writes nothing to it (the tables of a template built with and
    without ELASTICSEARCH_URL hold the same rows), and the node takes its quarter of a minute meanwhile.
    """
    script = str(PROJECT_DIR / "tools" / "test_db_template.py")
    started = []
    for kind, env in builds:
        name = f"test_template_{os.getpid()}" if kind == "postgres" else str(folder / "template.sqlite3")
        started.append((kind, name, subprocess.Popen([sys.executable, script, name], cwd=PROJECT_DIR, env=env)))
    return started


def finish_templates(started: list[tuple[str, str, subprocess.Popen]]) -> dict[str, str]:
    """kind → the template built (a worker copies it instead of migrating: tests/db_template.py).

    A kind whose build failed is left out: its workers migrate their own databases.
    """
    made = {}
    for kind, name, process in started:
        if process.wait() == 0:
            made[kind] = name
        else:
            print(f"[tests] could not migrate the template {name}: each worker migrates its own", file=sys.stderr)
    return made


def stop_templates(started: list[tuple[str, str, subprocess.Popen]]) -> None:
    """A run that ends early (a service missing under CI) stops the builds still going."""
    for _kind, _name, process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def drop_templates(env: dict[str, str], names: list[str]) -> None:
    script = str(PROJECT_DIR / "tools" / "test_db_template.py")
    for name in names:
        subprocess.call([sys.executable, script, "--drop", name], cwd=PROJECT_DIR, env=env)


def start_service(name: str, start, stack: ExitStack, services: dict[str, str]) -> bool:
    """Start (or find) one service; False when the run must stop (CI without it)."""
    try:
        service = start()
    except ServiceUnavailable as error:
        if CI:
            print(f"FAILED: {name} is required in CI and could not be started: {error}", file=sys.stderr)
            return False
        loud_skip(name, str(error))
        return True
    stack.callback(service.stop)
    services[name] = service.url
    return True


def tools_ready(base_env: dict[str, str]) -> bool:
    """Chromium and the command-line tools (installed under CI when missing); False when the run must stop."""
    try:
        base_env["CHROMIUM_PATH"] = ensure_chromium(install_missing=CI)
    except ServiceUnavailable as error:
        if CI:
            print(f"FAILED: Chromium is required in CI and could not be installed: {error}", file=sys.stderr)
            return False
        loud_skip("Chromium", str(error))
        base_env.pop("CHROMIUM_PATH", None)
    for binary, package, why in TOOLS:
        if shutil.which(binary) is None and CI:
            try:
                apt_install(package)
            except Exception as error:  # noqa: BLE001 - reported below
                print(f"[services] could not install {package}: {error}", file=sys.stderr)
        if shutil.which(binary) is None:
            if CI:
                print(f"FAILED: {binary} ({package}) is required in CI for {why}", file=sys.stderr)
                return False
            loud_skip(binary, f"not installed (Debian package {package}); {why} will skip")
    return True


def stop_on_signals() -> None:
    """SIGTERM or SIGHUP (a cancelled CI job, a closed terminal) end the run as Ctrl+C does: on the way out the
    services it started are stopped (``ExitStack``), where before a stopped run left PostgreSQL and Elasticsearch running."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, stop)


def main(extra_args: list[str]) -> int:
    stop_on_signals()
    reports = Path(tempfile.mkdtemp(prefix="aishowcase-test-reports-"))
    # Bytecode is written (__pycache__ is ignored by git): the dozens of Python processes a run starts
    # (workers, manage.py and gunicorn in the operations and benchmark tests) compile the project once,
    # and pytest caches its rewritten test modules (collecting them took each worker 8.6 s of CPU, 3.9 s
    # with the cache). An environment that sets PYTHONDONTWRITEBYTECODE (this machine's does) would
    # make every one of them compile everything again.
    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    with ExitStack() as stack:
        services: dict[str, str] = {}
        if not start_service("PostgreSQL", lambda: ensure_postgres(install_missing=CI), stack, services):
            return 1
        sqlite_build = {**base_env, "ELASTICSEARCH_URL": "", "TEST_EMBEDDED_RUN": "1"}
        sqlite_build.pop("DATABASE_URL", None)
        builds = [("sqlite", sqlite_build)]
        if "PostgreSQL" in services:
            builds.insert(0, ("postgres", {**base_env, "ELASTICSEARCH_URL": "", "DATABASE_URL": services["PostgreSQL"]}))
        started = start_templates(builds, reports)
        stack.callback(stop_templates, started)
        if not start_service("Elasticsearch", ensure_elasticsearch, stack, services) or not tools_ready(base_env):
            return 1
        full_env = {**base_env, "ELASTICSEARCH_URL": services.get("Elasticsearch", "")}
        if "PostgreSQL" in services:
            full_env["DATABASE_URL"] = services["PostgreSQL"]
            full_env["TEST_EXPECT_POSTGRES"] = "1"
        else:
            full_env.pop("DATABASE_URL", None)
        if "Elasticsearch" in services:
            full_env["TEST_EXPECT_ELASTICSEARCH"] = "1"
        embedded_env = {**base_env, "ELASTICSEARCH_URL": "", "TEST_EMBEDDED_RUN": "1"}
        embedded_env.pop("DATABASE_URL", None)
        templates = finish_templates(started)
        if "postgres" in templates:
            full_env["TEST_DATABASE_TEMPLATE"] = templates["postgres"]
            stack.callback(drop_templates, full_env, [templates["postgres"]])
        if "sqlite" in templates:
            embedded_env["TEST_DATABASE_TEMPLATE"] = templates["sqlite"]
        code_full, full = run_pytest(
            "whole suite on " + " + ".join(services) if services else "whole suite (no services)",
            full_env,
            [*worker_args(), "--durations=20", *extra_args],
            reports / "full.xml",
        )

        code_embedded, embedded = run_pytest(
            "embedded default: SQLite + database search (smoke subset)",
            embedded_env,
            [*worker_args(), "-m", "embedded", *extra_args, *([] if extra_args else SMOKE_PATHS)],
            reports / "embedded.xml",
        )

    passed = sum(c["tests"] - c["failures"] - c["errors"] - c["skipped"] for c in (full, embedded))
    failed = sum(c["failures"] + c["errors"] for c in (full, embedded))
    skipped = sum(c["skipped"] for c in (full, embedded))
    banner("summary")
    print(f"whole suite exit {code_full}, embedded run exit {code_embedded}")
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped", flush=True)
    # pytest exits 5 when a filter passed in ARGS selects nothing in one run.
    codes = [c for c in (code_full, code_embedded) if not (c == 5 and extra_args)]
    if any(codes) or passed == 0:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
