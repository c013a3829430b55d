#!/usr/bin/env python
"""Load test: a session-start rush on the catalogue, case pages and programme, with submitters saving drafts.

    .venv/bin/python bench/load.py                           # the curve 8, 32, 128, 256 attendees, 120 s each
    .venv/bin/python bench/load.py --users 128 --seconds 120 # the rush alone (128 attendees + 16 submitters)
    .venv/bin/python bench/load.py --quick                   # 8 attendees + 1 submitter, 10 s (a smoke run)

Locust (driven from Python: ``locust.env.Environment`` + ``LocalRunner``, no web UI; its
``FastHttpUser``, whose client needs a fraction of the CPU of the requests-based ``HttpUser``:
the load generator shares the two cores with the site it measures)
against gunicorn started here on a free loopback port (``--workers`` × ``--threads``, settings
``bench.support.load_settings``: the test settings with one media folder for all processes). Services: PostgreSQL and Elasticsearch from DATABASE_URL /
ELASTICSEARCH_URL when they answer, otherwise throw-away ones (as `make test` starts them).
The site lives in its own database (``aishowcase_load_<pid>``, dropped at the end) and
its own index prefix (deleted at the end): ``seed_demo`` fills it, then one verified
submitter per simulated submitter gets an account, a session and a draft.

Each stage of the curve: N attendees and N/8 submitters arrive within ``--arrival`` seconds
and stay ``--seconds``. Attendees read the catalogue, search, filter, open case pages and
the meeting programme; submitters open a wizard step and save it as a draft ("Save and
come back later"). The CPU used by gunicorn, PostgreSQL, Elasticsearch and the load
generator is sampled per stage (``bench/support/cpu.py``) to say what limits the site, and the CPU
of the thread answering each request is added up per endpoint group (``bench/support/request_cpu.py``:
gunicorn serves ``bench.support.measured_wsgi:application``, the site's application measured).
Every answer must be 2xx/3xx: any other status is an error, and the exit status is 1 when
there is one. The last line is machine-readable: ``LOAD-RESULT requests=<n> failures=<n>``.
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
from typing import Any  # noqa: E402
from urllib.parse import urlparse, urlunparse  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import request_cpu  # noqa: E402
from bench.support.pg_database import create_database  # noqa: E402

PERFORMANCE = ROOT / "docs" / "PERFORMANCE.md"
START = "<!-- bench/load.py: start -->"
END = "<!-- bench/load.py: end -->"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

SEARCHES = ["facial recognition", "licence plate", "drones", "chatbot", "forensics", "OSINT", "FRT", "missing persons"]
FACETS = ["stage=pilot", "technique=computer-vision&stage=in-operation", "category=video-analytics",
          "region=europe&risk_tier=minimal", "crime_area=cybercrime", "year=2024", "page=3"]
FILTERS = ["stage=pilot", "stage=in-operation", "technique=computer-vision", "category=video-analytics",
           "sort=title", "page=2", "risk_tier=high-risk-annex-iii"]
#: Endpoint groups, in the order of the table; the first five are what attendees read ("pages").
PAGES = ["catalogue", "search", "facets", "case page", "programme"]
SIGNED_IN = " (signed in)"
SIGN_OUT = 'action="/accounts/logout/"'  # the sign-out form every signed-in page carries (templates/base.html)
#: The same pages read by signed-in attendees (rendered for each of them: never from the public store).
SIGNED_IN_PAGES = [page + SIGNED_IN for page in PAGES]
GROUPS = [*PAGES, *SIGNED_IN_PAGES, "wizard: open step", "wizard: save draft"]


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
    create_database(server_url, name)

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
attendees = []
for n in range({attendees}):
    account = factories.attendee(email=f"attendee-{{n}}@load.example.org")
    session = SessionStore()
    session[SESSION_KEY] = str(account.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = account.get_session_auth_hash()
    session.create()
    attendees.append(session.session_key)
print("ATTENDEES=" + json.dumps(attendees))
"""


def _line_after(output: str, marker: str) -> str:
    return output.split(marker, 1)[1].splitlines()[0].strip() if marker in output else ""


#: Run inside the site after SETUP_SUBMITTERS: the addresses people read.
FIND_PATHS = r"""
from showcase.models import MeetingPage, UseCasePage
live = UseCasePage.objects.live()
print('PATHS=' + ' '.join(p.url for p in live.public()[:200]))
print('HIDDEN=' + ' '.join(p.url for p in live.filter(visibility='attendees')[:50]))
print('MEETINGS=' + ' '.join(p.url for p in MeetingPage.objects.live().public()[:5]))
"""


def prepare_site(env: dict[str, str], users: int, attendees: int) -> tuple[list[dict], list[str], dict[str, list[str]]]:
    """Submitters with a draft and a session, signed-in attendees' sessions, and the addresses people read.

    seed_demo, the index rebuild and the accounts in one manage.py process: each process starts Django and
    Wagtail again (seconds of the short form's minute in the suite).
    """
    log("migrate")
    manage(env, "migrate", "--verbosity", "0")
    log("seed_demo, rebuild_catalogue_index, the accounts")
    steps = ("from django.core.management import call_command\n"
             "call_command('seed_demo')\n"
             "call_command('rebuild_catalogue_index', '--grace', '0')\n")
    found = manage(env, "shell", "-c", steps + SETUP_SUBMITTERS.format(count=users, attendees=attendees) + FIND_PATHS,
                   capture=True)
    people = json.loads(_line_after(found, "PEOPLE="))
    sessions = json.loads(_line_after(found, "ATTENDEES=") or "[]")
    paths = {"cases": _line_after(found, "PATHS=").split(), "attendee cases": _line_after(found, "HIDDEN=").split(),
             "programmes": _line_after(found, "MEETINGS=").split() or ["/"]}
    log(f"{len(paths['cases'])} public cases, {len(paths['attendee cases'])} attendees-only, "
        f"{len(paths['programmes'])} meeting programmes, {len(people)} submitters with a draft, "
        f"{len(sessions)} signed-in attendees")
    return people, sessions, paths


def start_gunicorn(stack: ExitStack, env: dict[str, str], workers: int, threads: int) -> tuple[str, int, Any]:
    """gunicorn serving the site; its url, pid and a stop function (also called on the way out; once is enough)."""
    port = free_port()
    # The site's application, its CPU counted per endpoint group (bench/support/request_cpu.py).
    command = [GUNICORN, "bench.support.measured_wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--threads", str(threads), "--timeout", "60", "--log-level", "warning", "--preload",
               # Longer than any pause between two requests of one user: gunicorn closing an idle
               # keep-alive connection while the client reuses it is a reset, not a server failure.
               "--keep-alive", "30"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)

    def stop() -> None:
        if server.poll() is not None:
            return
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
                log(f"gunicorn: {workers} workers × {threads} threads on {url}")
                return url, server.pid, stop
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


# --- The simulated people --------------------------------------------------------------------------------


def signed_in(user: Any, session_key: str) -> None:
    """Give a simulated person the session cookie of an account that signed in beforehand."""
    from http.cookiejar import Cookie

    user.client.cookiejar.set_cookie(Cookie(
        version=0, name="sessionid", value=session_key, port=None, port_specified=False, domain="",
        domain_specified=False, domain_initial_dot=False, path="/", path_specified=True, secure=False,
        expires=None, discard=True, comment=None, comment_url=None, rest={"HttpOnly": None},
    ))


def user_classes(people: list[dict], sessions: list[str], paths: dict[str, list[str]], submitters: int,
                 signed_in_share: float, stage: str = "") -> list[type]:
    """Anonymous and signed-in attendees (``signed_in_share`` of them signed in) and ``submitters`` submitters.

    Every request names ``stage`` and its endpoint group in two headers, for gunicorn's CPU per group
    (``bench/support/request_cpu.py``).
    """
    from locust import FastHttpUser, between, task

    def named(group: str) -> dict[str, str]:
        return {request_cpu.STAGE_HEADER: stage, request_cpu.GROUP_HEADER: group}

    free = list(people)
    free_sessions = list(sessions)
    csrf_field = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    class Attendee(FastHttpUser):
        """Someone in the room when a session spotlights the catalogue: skims pages quickly."""

        abstract = True
        wait_time = between(0.1, 1.0)
        label = ""
        case_paths = paths["cases"]

        def read(self, path: str, group: str) -> None:
            if not self.label:
                self.client.get(path, name=group, headers=named(group))
                return
            # A signed-in reader whose session did not hold would be served the anonymous page (or be
            # redirected to sign in) and make the run look cheaper than it is: count it as a failure.
            with self.client.get(path, name=group + self.label, headers=named(group + self.label),
                                 catch_response=True) as page:
                if page.status_code == 200 and SIGN_OUT not in (page.text or ""):
                    page.failure("not signed in: the page has no sign-out form")

        @task(3)
        def catalogue(self) -> None:
            self.read("/cases/", "catalogue")

        @task(4)
        def search(self) -> None:
            query = f"q={random.choice(SEARCHES)}" + (f"&{random.choice(FILTERS)}" if random.random() < 0.5 else "")
            self.read(f"/cases/?{query}", "search")

        @task(2)
        def facets(self) -> None:
            self.read(f"/cases/?{random.choice(FACETS)}", "facets")

        @task(4)
        def case_page(self) -> None:
            self.read(random.choice(self.case_paths), "case page")

        @task(1)
        def programme(self) -> None:
            self.read(random.choice(paths["programmes"]), "programme")

    class AnonymousAttendee(Attendee):
        weight = max(0, round((1 - signed_in_share) * 100))

    class SignedInAttendee(Attendee):
        """An approved attendee, signed in: sees the attendees-only cases too, and opens them."""

        weight = max(0, round(signed_in_share * 100))
        label = SIGNED_IN
        case_paths = paths["cases"] + paths["attendee cases"] * 2

        def on_start(self) -> None:
            signed_in(self, free_sessions.pop() if free_sessions else random.choice(sessions))

    class Submitter(FastHttpUser):
        """A submitter finishing a case before the meeting: opens a wizard step, saves it as a draft."""

        fixed_count = submitters
        wait_time = between(1, 3)

        def on_start(self) -> None:
            me = free.pop() if free else random.choice(people)
            self.draft = me["draft"]
            signed_in(self, me["session"])

        @task
        def save_a_draft_step(self) -> None:
            url = f"/submit/{self.draft}/use-case/"
            with self.client.get(url, name="wizard: open step", headers=named("wizard: open step"),
                                 catch_response=True) as page:
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
            with self.client.post(url, data, name="wizard: save draft",
                                  headers={"Referer": self.host + url, **named("wizard: save draft")},
                                  allow_redirects=False, catch_response=True) as saved:
                # Saved: a redirect to "My submissions"; a 200 would be the form again, with errors.
                if saved.status_code == 302 and f"/submissions/{self.draft}/" in saved.headers.get("Location", ""):
                    saved.success()
                else:
                    saved.failure(f"not saved: status {saved.status_code}")

    return [*(cls for cls in (AnonymousAttendee, SignedInAttendee) if cls.weight), Submitter]


def warm_up(host: str, paths: dict[str, list[str]], rounds: int = 12) -> None:
    """A few requests to each page type before measuring: every gunicorn worker loads templates and translations once."""
    import urllib.request

    for _ in range(rounds):
        for path in ("/cases/", "/cases/?q=drones", paths["cases"][0]):
            with urllib.request.urlopen(host + path, timeout=60) as response:
                response.read()


def stage_name(attendees: int) -> str:
    return f"{attendees} + {submitters_for(attendees)}"


def submitters_for(attendees: int) -> int:
    """One submitter for every eight attendees (16 beside the rush's 128), at least one."""
    return max(1, attendees // 8)


def _percentile(entries: list, percent: float) -> float:
    from locust.stats import calculate_response_time_percentile

    merged: dict[int, int] = {}
    for entry in entries:
        for time_ms, count in entry.response_times.items():
            merged[time_ms] = merged.get(time_ms, 0) + count
    total = sum(merged.values())
    return calculate_response_time_percentile(merged, total, percent) if total else 0


def run_stage(host: str, attendees: int, seconds: float, arrival: float, site: dict[str, Any], sampler: Any) -> dict[str, Any]:
    """``attendees`` + their submitters arrive within ``arrival`` seconds and stay ``seconds`` in all."""
    import gevent
    from locust.env import Environment

    submitters = submitters_for(attendees)
    classes = user_classes(site["people"], site["sessions"], site["paths"], submitters, site["signed_in_share"],
                           stage=stage_name(attendees))
    env = Environment(user_classes=classes, host=host)
    runner = env.create_local_runner()
    users = attendees + submitters
    sampler.start()
    started = time.monotonic()
    runner.start(users, spawn_rate=max(1.0, users / max(arrival, 0.1)))
    gevent.sleep(seconds)
    runner.quit()
    duration = time.monotonic() - started
    cpu = sampler.stop()
    by_name = {entry.name: entry for entry in env.stats.entries.values()}
    rows = []
    for group in GROUPS:
        entry = by_name.get(group)
        if entry is None and group in SIGNED_IN_PAGES:
            continue
        rows.append({
            "group": group,
            "requests": entry.num_requests if entry else 0,
            "failures": entry.num_failures if entry else 0,
            "rps": (entry.num_requests / duration) if entry else 0.0,
            "p50": (entry.get_response_time_percentile(0.5) or 0) if entry else 0,
            "p95": (entry.get_response_time_percentile(0.95) or 0) if entry else 0,
        })
    for error in env.stats.errors.values():
        log(f"failure: {error.method} {error.name}: {error.error} ({error.occurrences}x)")
    pages = [by_name[g] for g in PAGES if g in by_name]
    signed_in = [by_name[g] for g in SIGNED_IN_PAGES if g in by_name]
    saves = [by_name[g] for g in ("wizard: save draft",) if g in by_name]
    return {
        "attendees": attendees,
        "submitters": submitters,
        "duration": duration,
        "rows": rows,
        "requests": sum(r["requests"] for r in rows),
        "failures": sum(r["failures"] for r in rows),
        "rps": sum(r["requests"] for r in rows) / duration,
        "pages_p95": _percentile(pages + signed_in, 0.95),
        "pages_p50": _percentile(pages + signed_in, 0.5),
        "anonymous_p50": _percentile(pages, 0.5),
        "anonymous_p95": _percentile(pages, 0.95),
        "signed_in_p50": _percentile(signed_in, 0.5),
        "signed_in_p95": _percentile(signed_in, 0.95),
        "saves_p95": _percentile(saves, 0.95),
        "cpu": cpu,
    }


# --- Report ------------------------------------------------------------------------------------------------

RUSH_ATTENDEES = 128


def limit(stage: dict[str, Any], cores: int) -> str:
    """What the CPU samples say limits this stage."""
    cpu = dict(stage["cpu"])
    machine = cpu.pop("machine", 0.0)
    cpu["other processes"] = max(0.0, machine - sum(cpu.values()))
    if machine >= cores * 0.9:
        busiest = max(cpu, key=lambda name: cpu[name])
        return f"CPU: the {cores} cores are busy, most of all with {busiest} ({cpu[busiest]:.2f})"
    return "not CPU-bound: waits (connections, locks or the load generator's pacing)"


def cpu_per_request(stage: dict[str, Any]) -> float:
    """gunicorn's CPU time per answered request: what the site costs, whatever else shares the machine."""
    return stage["cpu"].get("gunicorn", 0.0) * stage["duration"] * 1000 / max(1, stage["requests"])


def targets(stages: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    rush = next((s for s in stages if s["attendees"] == RUSH_ATTENDEES), None)
    if rush is None:
        return []
    return [
        (f"rush ({rush['attendees']} attendees + {rush['submitters']} submitters): 0 errors: **{rush['failures']}**",
         rush["failures"] == 0),
        (f"rush: ≥ 150 requests/s sustained: **{rush['rps']:.1f}/s**", rush["rps"] >= 150),
        (f"rush: pages p95 ≤ 300 ms: **{rush['pages_p95']:.0f} ms**", rush["pages_p95"] <= 300),
        (f"rush: wizard saves p95 ≤ 500 ms: **{rush['saves_p95']:.0f} ms**", rush["saves_p95"] <= 500),
    ]


def render(stages: list[dict[str, Any]], seconds: float, arrival: float, workers: int, threads: int, load_before: str,
           signed_in_share: float = 0.0, cpu_by_group: dict | None = None) -> str:
    from bench.support.report import load_average, machine

    info = machine()
    cores = int(info["cores"] or 2)
    lines = [
        START,
        "## Load: a session-start rush (`bench/load.py`)",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {info['cores']} cores, {info['memory']}, {info['cpu']}. "
        f"Machine {load_before} at the start, {load_average()} at the end.",
        "",
        f"Each stage: the attendees and one submitter for every eight arrive within {arrival:.0f} s and stay "
        f"{seconds:.0f} s. Attendees skim (0.1–1 s between clicks): the catalogue, searches, facet filters, case pages, "
        f"the meeting programme; {signed_in_share:.0%} of them are signed in as approved attendees (and also open "
        "attendees-only cases), the others anonymous; submitters open a wizard step and save it as a draft (1–3 s apart). "
        f"gunicorn {workers} workers × {threads} threads (`bench/support/load_settings.py`), PostgreSQL and Elasticsearch "
        "on the same machine, demo catalogue from `seed_demo`; the load generator (locust) runs here too.",
        "",
        "| attendees + submitters | requests | errors | req/s | pages p50 / p95 (ms) | anonymous p50 / p95 "
        "| signed in p50 / p95 | wizard saves p95 (ms) | gunicorn CPU ms per request "
        "| CPU cores used: gunicorn · PostgreSQL · Elasticsearch · load generator · whole machine | what limits it |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for stage in stages:
        cpu = stage["cpu"]
        used = " · ".join(f"{cpu.get(name, 0):.2f}" for name in ("gunicorn", "postgresql", "elasticsearch", "locust", "machine"))
        lines.append(
            f"| {stage['attendees']} + {stage['submitters']} | {stage['requests']} | {stage['failures']} | {stage['rps']:.1f} "
            f"| {stage['pages_p50']:.0f} / {stage['pages_p95']:.0f} | {stage['anonymous_p50']:.0f} / {stage['anonymous_p95']:.0f} "
            f"| {stage['signed_in_p50']:.0f} / {stage['signed_in_p95']:.0f} "
            f"| {stage['saves_p95']:.0f} | {cpu_per_request(stage):.0f} | {used} | {limit(stage, cores)} |"
        )
    rush = next((s for s in stages if s["attendees"] == RUSH_ATTENDEES), stages[-1])
    lines += ["", f"Per endpoint group at {rush['attendees']} attendees + {rush['submitters']} submitters:", "",
              "| endpoint group | requests | failures | throughput (req/s) | p50 (ms) | p95 (ms) |",
              "|---|---:|---:|---:|---:|---:|"]
    for r in rush["rows"]:
        lines.append(f"| {r['group']} | {r['requests']} | {r['failures']} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} |")
    lines.append(f"| **all** | {rush['requests']} | {rush['failures']} | {rush['rps']:.1f} | | |")
    spent = request_cpu.table(cpu_by_group or {}, stage_name(rush["attendees"]), GROUPS,
                              rush["cpu"].get("gunicorn", 0.0) * rush["duration"])
    if spent:
        lines += ["", f"Where gunicorn's CPU went at {rush['attendees']} attendees + {rush['submitters']} submitters "
                  "(`bench/support/request_cpu.py`: the CPU of the thread answering each request; \"first\" is a "
                  "worker's first answer to that group's address, its own caches cold for it):", "", *spent]
    found = targets(stages)
    if found:
        lines += ["", "Targets (issue 20; benchmark goals, not tests):", ""]
        lines += [f"- {text} — {'met' if met else 'NOT met'}" for text, met in found]
    lines += ["", "Any answer other than 2xx/3xx is an error. CPU: cores kept busy on average over the stage "
              "(1.00 = one core), sampled from /proc for each process tree; gunicorn CPU ms per request = its "
              "cores × the stage's seconds ÷ its requests, the number to compare between runs on a shared machine.", END]
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    text = PERFORMANCE.read_text() if PERFORMANCE.exists() else "# Performance\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    PERFORMANCE.write_text(text)


#: 2 cores: three worker processes (one more than the cores, so both stay busy while a worker waits on the
#: GIL or is being recycled) × four threads each (a catalogue request spends a third to half of its time waiting
#: on Elasticsearch and PostgreSQL; threads fill those waits without more processes' memory). 12 requests at
#: once = 12 PostgreSQL connections at most (CONN_MAX_AGE keeps them), far below max_connections.
WORKERS, THREADS = 3, 4


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--curve", default="8,32,128,256", help="attendees per stage (one submitter per eight)")
    parser.add_argument("--users", type=int, default=0, help="one stage with this many attendees")
    parser.add_argument("--seconds", type=float, default=120, help="length of each stage")
    parser.add_argument("--arrival", type=float, default=10, help="the stage's people all arrive within this")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--quick", action="store_true", help="one stage: 8 attendees + 1 submitter for 10 s")
    parser.add_argument("--signed-in-share", type=float, default=0.5,
                        help="share of the attendees signed in as approved attendees (real sessions), 0–1")
    parser.add_argument("--no-page-store", action="store_true",
                        help="switch off the store of rendered public pages (showcase/page_store.py), to compare")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/PERFORMANCE.md alone")
    args = parser.parse_args(argv)
    curve = [int(n) for n in args.curve.split(",") if n]
    if args.users:
        curve = [args.users]
    if args.quick:
        curve, args.seconds, args.arrival = [8], 10, 2
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    prefix = f"load-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    from bench.support.cpu import CpuSampler, elasticsearch_pid, postgres_pid
    from bench.support.report import load_average, target_lines

    load_before = load_average()
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
            "LOAD_PAGE_STORE": "0" if args.no_page_store else "1",
        }

        def drop_indices() -> None:
            from elasticsearch import Elasticsearch

            client = Elasticsearch(es_url)
            for name in client.indices.get(index=f"{prefix}-*", expand_wildcards="all").body:
                client.options(ignore_status=404).indices.delete(index=name)

        stack.callback(drop_indices)
        share = min(1.0, max(0.0, args.signed_in_share))
        people, sessions, paths = prepare_site(env, max(submitters_for(n) for n in curve), round(max(curve) * share))
        site = {"people": people, "sessions": sessions, "paths": paths, "signed_in_share": share if sessions else 0.0}
        env["LOAD_REQUEST_CPU_DIR"] = stack.enter_context(tempfile.TemporaryDirectory(prefix="aishowcase-load-cpu-"))
        host, gunicorn_pid, stop_gunicorn = start_gunicorn(stack, env, args.workers, args.threads)
        warm_up(host, paths)
        sampler = CpuSampler({"gunicorn": gunicorn_pid, "postgresql": postgres_pid(env["DATABASE_URL"]),
                              "elasticsearch": elasticsearch_pid(es_url), "locust": os.getpid()},
                             alone=frozenset({"locust"}))
        stages = []
        for attendees in curve:
            log(f"{attendees} attendees + {submitters_for(attendees)} submitters for {args.seconds:.0f} s")
            stages.append(run_stage(host, attendees, args.seconds, args.arrival, site, sampler))
            done = stages[-1]
            log(f"  {done['rps']:.1f} req/s, {done['failures']} errors, pages p95 {done['pages_p95']:.0f} ms "
                f"(anonymous {done['anonymous_p95']:.0f}, signed in {done['signed_in_p95']:.0f}), saves p95 {done['saves_p95']:.0f} ms")
        stop_gunicorn()  # each worker writes what its requests cost as it exits
        cpu_by_group = request_cpu.collect(env["LOAD_REQUEST_CPU_DIR"])
        section = render(stages, args.seconds, args.arrival, args.workers, args.threads, load_before, site["signed_in_share"],
                         cpu_by_group)
        print(section)
        print("\n".join(target_lines(section)), flush=True)
        if not args.no_write:
            write(section)
            log(f"wrote {PERFORMANCE.relative_to(ROOT)}")
    requests_total, failures = sum(s["requests"] for s in stages), sum(s["failures"] for s in stages)
    print(f"LOAD-RESULT requests={requests_total} failures={failures}", flush=True)
    return 1 if failures or not requests_total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
