#!/usr/bin/env python
"""Load test: many people at once on the catalogue, search, case pages and the submission wizard.

    .venv/bin/python bench/load.py                         # 32 users for 60 s, writes docs/PERFORMANCE.md
    .venv/bin/python bench/load.py --users 8 --seconds 10 --no-write
    .venv/bin/python bench/load.py --quick                 # 8 users, 10 s (what `make bench --quick` runs)

Locust (driven from Python: ``locust.env.Environment`` + ``LocalRunner``, no web UI)
against gunicorn started here on a free loopback port (``--workers``, settings
``bench.support.load_settings``: the test settings with one media folder for all processes). Services: PostgreSQL and Elasticsearch from DATABASE_URL /
ELASTICSEARCH_URL when they answer, otherwise throw-away ones (as `make test` starts them).
The site lives in its own database (``aishowcase_load_<pid>``, dropped at the end) and
its own index prefix (deleted at the end): ``seed_demo`` fills it, then one verified
submitter per simulated user gets an account, a session and a draft.

Simulated people (weights 3:1): a visitor opens the catalogue, searches, filters and
reads case pages; a submitter opens a wizard step and saves it as a draft ("Save and
come back later"). Every answer must be 2xx/3xx: any other status is a failure, and the
exit status is 1 when there is one. The last line is machine-readable:
``LOAD-RESULT requests=<n> failures=<n>``.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()  # locust needs it before anything imports ssl/socket; done first, explicitly

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlparse, urlunparse  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PERFORMANCE = ROOT / "docs" / "PERFORMANCE.md"
START = "<!-- bench/load.py: start -->"
END = "<!-- bench/load.py: end -->"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

SEARCHES = ["facial recognition", "licence plate", "drones", "chatbot", "forensics", "OSINT", "FRT", "missing persons"]
FILTERS = ["stage=pilot", "stage=in-operation", "technique=computer-vision", "category=video-analytics",
           "sort=title", "page=2", "risk_tier=high-risk-annex-iii"]
#: Endpoint groups, in the order of the table.
GROUPS = ["catalogue", "search", "case page", "wizard: open step", "wizard: save draft"]


def log(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


# --- Services, database, server --------------------------------------------------------------------


def _answers_postgres(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001
        return False


def _answers_elasticsearch(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=3):
            return True
    except urllib.error.HTTPError:
        return True  # it answers (some setups refuse GET / itself)
    except Exception:  # noqa: BLE001
        return False


def services(stack: ExitStack) -> tuple[str, str]:
    """(PostgreSQL server URL pointing at its maintenance database, Elasticsearch URL)."""
    db_url, es_url = os.environ.get("DATABASE_URL", ""), os.environ.get("ELASTICSEARCH_URL", "")
    maintenance = urlunparse(urlparse(db_url)._replace(path="/postgres")) if db_url.startswith("postgres") else ""
    if maintenance and _answers_postgres(maintenance) and es_url and _answers_elasticsearch(es_url):
        log("using PostgreSQL and Elasticsearch from DATABASE_URL / ELASTICSEARCH_URL")
        return maintenance, es_url
    from bench.search import services as start_services

    log("starting throw-away PostgreSQL and Elasticsearch")
    return start_services(stack)


def own_database(stack: ExitStack, server_url: str) -> str:
    import psycopg

    name = f"aishowcase_load_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    stack.callback(drop)
    return urlunparse(urlparse(server_url)._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
    return result.stdout if capture else ""


#: Run inside the site (manage.py shell): one verified submitter per user, a draft, and a logged-in session.
SETUP_SUBMITTERS = r"""
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from portal.submission import start_submission
from tests import factories
org = factories.organisation("Load test police", domain="load.example.org")
people = []
for n in range({count}):
    account = factories.submitter(f"load-{{n}}@load.example.org", org=org)
    draft, _ = start_submission(account)
    session = SessionStore()
    session[SESSION_KEY] = str(account.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = account.get_session_auth_hash()
    session.create()
    people.append({{"session": session.session_key, "draft": draft.pk}})
print("PEOPLE=" + json.dumps(people))
"""


def prepare_site(env: dict[str, str], users: int) -> tuple[list[dict], list[str]]:
    log("migrate")
    manage(env, "migrate", "--verbosity", "0")
    log("seed_demo")
    manage(env, "seed_demo")
    log("rebuild_catalogue_index")
    manage(env, "rebuild_catalogue_index", "--grace", "0")
    out = manage(env, "shell", "-c", SETUP_SUBMITTERS.format(count=users), capture=True)
    people = json.loads(out.split("PEOPLE=", 1)[1].strip().splitlines()[0])
    paths = manage(env, "shell", "-c", "from showcase.models import UseCasePage\n"
                   "print('PATHS=' + ' '.join(p.url for p in UseCasePage.objects.live().public()[:200]))", capture=True)
    case_paths = paths.split("PATHS=", 1)[1].split()
    log(f"{len(case_paths)} public cases, {len(people)} submitters with a draft")
    return people, case_paths


def start_gunicorn(stack: ExitStack, env: dict[str, str], workers: int) -> str:
    port = free_port()
    command = [GUNICORN, "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--threads", "4", "--timeout", "60", "--log-level", "warning", "--preload",
               # Longer than any pause between two requests of one user: gunicorn closing an idle
               # keep-alive connection while the client reuses it is a reset, not a server failure.
               "--keep-alive", "30"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)

    def stop() -> None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    stack.callback(stop)
    url = f"http://127.0.0.1:{port}"
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                log(f"gunicorn: {workers} workers on {url}")
                return url
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


# --- The simulated people --------------------------------------------------------------------------------


def user_classes(people: list[dict], case_paths: list[str]) -> list[type]:
    from locust import HttpUser, between, task

    free = list(people)
    csrf_field = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    class Visitor(HttpUser):
        weight = 3
        wait_time = between(0.5, 2)

        @task(3)
        def catalogue(self) -> None:
            self.client.get("/cases/", name="catalogue")

        @task(4)
        def search(self) -> None:
            query = f"q={random.choice(SEARCHES)}" + (f"&{random.choice(FILTERS)}" if random.random() < 0.5 else "")
            self.client.get(f"/cases/?{query}", name="search")

        @task(4)
        def case_page(self) -> None:
            self.client.get(random.choice(case_paths), name="case page")

    class Submitter(HttpUser):
        weight = 1
        wait_time = between(1, 3)

        def on_start(self) -> None:
            me = free.pop() if free else random.choice(people)
            self.draft = me["draft"]
            self.client.cookies.set("sessionid", me["session"])

        @task
        def save_a_draft_step(self) -> None:
            url = f"/submit/{self.draft}/use-case/"
            with self.client.get(url, name="wizard: open step", catch_response=True) as page:
                found = csrf_field.search(page.text or "")
                if page.status_code != 200 or not found:
                    page.failure(f"status {page.status_code}, CSRF token {'found' if found else 'missing'}")
                    return
                page.success()
            data = {
                "csrfmiddlewaretoken": found.group(1),
                "action": "later",
                "title": f"Load test draft {uuid.uuid4().hex[:8]}",
                "summary": "Saved as a draft by the load test.",
                "problem": "A problem described under load.",
            }
            with self.client.post(url, data, name="wizard: save draft", headers={"Referer": self.host + url},
                                  allow_redirects=False, catch_response=True) as saved:
                # Saved: a redirect to "My submissions"; a 200 would be the form again, with errors.
                if saved.status_code == 302 and f"/submissions/{self.draft}/" in saved.headers.get("Location", ""):
                    saved.success()
                else:
                    saved.failure(f"not saved: status {saved.status_code}")

    return [Visitor, Submitter]


def run_load(host: str, users: int, seconds: float, people: list[dict], case_paths: list[str]) -> tuple[list[dict], float]:
    import gevent
    from locust.env import Environment

    env = Environment(user_classes=user_classes(people, case_paths), host=host)
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(users, spawn_rate=max(1, users))
    gevent.sleep(seconds)
    runner.quit()
    duration = time.monotonic() - started
    rows = []
    by_name = {entry.name: entry for entry in env.stats.entries.values()}
    for group in GROUPS:
        entry = by_name.get(group)
        if entry is None:
            rows.append({"group": group, "requests": 0, "failures": 0, "rps": 0.0, "p50": 0, "p95": 0})
            continue
        rows.append({
            "group": group,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": entry.num_requests / duration,
            "p50": entry.get_response_time_percentile(0.5) or 0,
            "p95": entry.get_response_time_percentile(0.95) or 0,
        })
    for error in env.stats.errors.values():
        log(f"failure: {error.method} {error.name}: {error.error} ({error.occurrences}x)")
    return rows, duration


# --- Report ------------------------------------------------------------------------------------------------


def render(rows: list[dict], users: int, seconds: float, duration: float, workers: int) -> str:
    from bench.search import machine

    info = machine()
    total = {"requests": sum(r["requests"] for r in rows), "failures": sum(r["failures"] for r in rows)}
    lines = [
        START,
        "## Load (`bench/load.py`)",
        "",
        f"{users} concurrent users for {seconds:.0f} s (measured {duration:.1f} s) — 3 visitors for each submitter — "
        f"against gunicorn ({workers} workers × 4 threads, `bench/support/load_settings.py`), PostgreSQL and Elasticsearch "
        f"on the same machine, demo catalogue from `seed_demo`. Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Machine: {info['cores']} cores, {info['memory']}, {info['cpu']}.",
        "",
        "| endpoint group | requests | failures | throughput (req/s) | p50 (ms) | p95 (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['group']} | {r['requests']} | {r['failures']} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} |")
    lines.append(f"| **all** | {total['requests']} | {total['failures']} | {total['requests'] / duration:.1f} | | |")
    lines += ["", "Zero failures expected: any answer other than 2xx/3xx counts as one.", END]
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    text = PERFORMANCE.read_text() if PERFORMANCE.exists() else "# Performance\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    PERFORMANCE.write_text(text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="8 users for 10 s")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/PERFORMANCE.md alone")
    args = parser.parse_args(argv)
    if args.quick:
        args.users, args.seconds = 8, 10
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    prefix = f"load-{os.getpid()}-{uuid.uuid4().hex[:6]}"

    with ExitStack() as stack:
        server_url, es_url = services(stack)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.support.load_settings",
            "LOAD_MEDIA_ROOT": stack.enter_context(tempfile.TemporaryDirectory(prefix="aishowcase-load-media-")),
            "DATABASE_URL": own_database(stack, server_url),
            "ELASTICSEARCH_URL": es_url,
            "CATALOGUE_INDEX_PREFIX": prefix,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ALLOW_DEMO_DATA": "1",
            "DATABASE_CONN_MAX_AGE": "600",
            "LOG_LEVEL": "WARNING",
        }

        def drop_indices() -> None:
            from elasticsearch import Elasticsearch

            client = Elasticsearch(es_url)
            for name in client.indices.get(index=f"{prefix}-*", expand_wildcards="all").body:
                client.options(ignore_status=404).indices.delete(index=name)

        stack.callback(drop_indices)
        people, case_paths = prepare_site(env, args.users)
        host = start_gunicorn(stack, env, args.workers)
        log(f"{args.users} users for {args.seconds:.0f} s")
        rows, duration = run_load(host, args.users, args.seconds, people, case_paths)
        section = render(rows, args.users, args.seconds, duration, args.workers)
        print(section)
        if not args.no_write:
            write(section)
            log(f"wrote {PERFORMANCE.relative_to(ROOT)}")
    requests_total, failures = sum(r["requests"] for r in rows), sum(r["failures"] for r in rows)
    print(f"LOAD-RESULT requests={requests_total} failures={failures}", flush=True)
    return 1 if failures or not requests_total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
