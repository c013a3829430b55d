"""Where the rush's requests spend gunicorn's CPU: a cProfile per request type, one process (issue 20.4).

    .venv/bin/python -m bench.support.profile_requests            # build the SQLite site once, profile
    .venv/bin/python -m bench.support.profile_requests --top 30   # more profile lines
    .venv/bin/python -m bench.support.profile_requests --top 0 --only wizard --split-wizard  # open, save apart

The request types of ``bench/load.py``: an anonymous case page (rendered: the public store off),
the same from the store (and the anonymous programme from it), a signed-in attendee's case page, the catalogue and the programme for both,
and a submitter's wizard step opened and saved as a draft. Django's test client through the whole
middleware stack, on a SQLite copy of ``seed_demo`` kept in ``/tmp`` between runs (the database search;
Elasticsearch is not involved in these pages). Prints each type's milliseconds per request and SQL
queries per request, then its cumulative profile limited to the top lines.
"""

from __future__ import annotations

import argparse
import hashlib
import cProfile
import io
import itertools
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# One database per checkout (git worktrees side by side must not lock each other's SQLite file).
_CHECKOUT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
DATABASE = Path(tempfile.gettempdir()) / f"aishowcase-profile-requests-{_CHECKOUT}.sqlite3"
MEDIA = Path(tempfile.gettempdir()) / f"aishowcase-profile-requests-{_CHECKOUT}-media"


def setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.support.load_settings"  # one media folder, kept with the database
    os.environ["LOAD_MEDIA_ROOT"] = str(MEDIA)
    MEDIA.mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    fresh = not DATABASE.exists()
    call_command("migrate", verbosity=0)
    if fresh:
        call_command("seed_demo")


def people() -> tuple[object, object, int]:
    from portal.submission import start_submission
    from tests import factories

    attendee = factories.attendee(email=f"attendee-{time.time_ns()}@example.org")
    domain = f"p{time.time_ns()}.example.org"
    org = factories.organisation("Profile police", domain=domain)
    submitter = factories.submitter(f"profile@{domain}", org=org)
    draft, _ = start_submission(submitter)
    return attendee, submitter, draft.pk


def wizard_open(client, draft: int) -> str:
    """GET the step; its CSRF token."""
    page = client.get(f"/submit/{draft}/use-case/")
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


_ROUNDS = itertools.count(1)


def wizard_save(client, draft: int, token: str) -> None:
    """POST the step back with "Save and come back later" (a 302 to the submission)."""
    saved = client.post(f"/submit/{draft}/use-case/", {"csrfmiddlewaretoken": token, "action": "later",
                        # A new title each time, as bench/load.py's submitters type: a save that changes nothing
                        # writes fewer columns (showcase.draft_rows) and would look cheaper than it is.
                        "title": f"Profiled draft {next(_ROUNDS)}", "summary": "Saved by the profile.",
                        "problem": "A problem."})
    assert saved.status_code == 302, saved.status_code


def wizard_round(client, draft: int) -> None:
    wizard_save(client, draft, wizard_open(client, draft))


def profile(name: str, run, rounds: int, top: int, match: str = "") -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run()  # warm: templates, translations, caches
    if top == 0:  # CPU time only, without the profiler's own cost: comparable on a busy machine
        started = time.process_time()
        for _ in range(rounds):
            run()
        print(f"{name}: {(time.process_time() - started) * 1000 / rounds:.1f} ms CPU per request (this process; SQLite included)")
        return
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        profiler.enable()
        for _ in range(rounds):
            run()
        profiler.disable()
        elapsed = (time.perf_counter() - started) * 1000 / rounds
    print(f"\n=== {name}: {elapsed:.1f} ms per request, {len(queries) / rounds:.1f} SQL queries per request")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(*([match] if match else []), top)
    print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--top", type=int, default=25, help="profile lines per type; 0: CPU time per request only")
    parser.add_argument("--match", default="", help="profile lines whose file matches this regex (e.g. showcase|portal)")
    parser.add_argument("--only", default="", help="profile only the types whose name contains this")
    parser.add_argument("--split-wizard", action="store_true", help="profile the wizard's open and save apart too")
    args = parser.parse_args(argv)
    setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from showcase.models import MeetingPage, UseCasePage

    settings.ALLOWED_HOSTS = ["*"]
    attendee, submitter, draft = people()
    case = UseCasePage.objects.live().public().first().url
    meeting = MeetingPage.objects.live().first()
    programme = meeting.url if meeting else "/"
    anonymous, signed_in, submitting = Client(), Client(), Client()
    signed_in.force_login(attendee)
    submitting.force_login(submitter)
    store_on = settings.CACHES
    store_off = {**settings.CACHES, "public_pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    types = [
        ("anonymous case page (rendered)", lambda: anonymous.get(case)),
        ("signed-in case page", lambda: signed_in.get(case)),
        ("anonymous programme", lambda: anonymous.get(programme)),
        ("signed-in programme", lambda: signed_in.get(programme)),
        ("anonymous catalogue (rendered)", lambda: anonymous.get("/cases/")),
        ("signed-in catalogue", lambda: signed_in.get("/cases/")),
        ("wizard open + save", lambda: wizard_round(submitting, draft)),
    ]
    if args.split_wizard:  # the token of one GET serves every POST (the session's CSRF secret does not change)
        token = wizard_open(submitting, draft)
        types += [("wizard open", lambda: wizard_open(submitting, draft)),
                  ("wizard save", lambda: wizard_save(submitting, draft, token))]
    with override_settings(CACHES=store_off):
        for name, run in types:
            if args.only in name:
                profile(name, run, args.rounds, args.top, args.match)
    if args.only in "anonymous case page (from the store)":
        with override_settings(CACHES=store_on):
            profile("anonymous case page (from the store)", lambda: anonymous.get(case), args.rounds, args.top, args.match)
    if args.only in "anonymous programme (from the store)":
        with override_settings(CACHES=store_on):
            profile("anonymous programme (from the store)", lambda: anonymous.get(programme), args.rounds, args.top, args.match)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
