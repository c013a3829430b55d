#!/usr/bin/env python
"""Lighthouse scores of the public pages (home, catalogue, a case, statistics, a meeting), into docs/PERFORMANCE.md.

    .venv/bin/python bench/lighthouse.py                   # serve a production-like site here, measure, write
    .venv/bin/python bench/lighthouse.py --base-url http://127.0.0.1:8000 --no-write   # a running `make run`
    .venv/bin/python bench/lighthouse.py --quick           # the catalogue page only, printed

Lighthouse 12.2.3 (``npm ci --prefix tools/lighthouse``, done here the first time) with Debian's
Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``; the browser tests' flags), mobile
emulation and simulated throttling as Lighthouse does by default. Each page is measured
``--runs`` times and the median score per category kept; the audits that lost points are
listed under the table.

Without ``--base-url`` the site is served as in production: a throw-away SQLite database
filled by ``seed_demo`` (development settings: demo data is refused in production), then
``collectstatic`` and gunicorn with ``portal.settings.production`` (DEBUG off, fingerprinted
and compressed static files from WhiteNoise), plain HTTP on loopback. Not part of
``make test``: it takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.report import machine_line, write_section  # noqa: E402

LIGHTHOUSE_DIR = ROOT / "tools" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking " \
    "--disable-component-update --disable-sync --no-first-run"  # fmt: skip
PYTHON = sys.executable


def install_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund", "--ignore-scripts"],
                       check=True)  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def production_like_site() -> Iterator[str]:
    """A seeded site behind gunicorn with the production settings; yields its base URL."""
    work = Path(tempfile.mkdtemp(prefix="aishowcase-lighthouse-"))
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "ELASTICSEARCH_URL")},
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "SECRET_KEY": "lighthouse-only-" + "k3Yq8v2Lr9Xw4Tz7Nb1Mc6Hd5Jf0Gs3Pa8Qe2Ru7Vy4Wx1Zi9Ok6",
        "FIELD_ENCRYPTION_KEYS": "1Xb9m2Yl0iN5ZrY6wJm3j0cQ4mR7pV1tS8uK2dE5fHg=",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    dev, prod = "--settings=portal.settings.dev", "--settings=portal.settings.production"
    for command in (["migrate", "--no-input", dev], ["seed_demo", dev], ["collectstatic", "--no-input", "-v0", prod]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def first_link(base: str, path: str, pattern: str) -> str | None:
    html = urllib.request.urlopen(base + path, timeout=30).read().decode()
    found = re.search(pattern, html)
    return found.group(1) if found else None


def pages(base: str) -> dict[str, str]:
    """The five pages: a case and a meeting are found by following links, as a visitor would."""
    found = {"home": "/", "catalogue": "/cases/", "statistics": "/statistics/"}
    case = first_link(base, "/cases/", r'href="(/cases/(?!id/|tags/|suggest/)[^"?/]+/)')
    if case:
        found["case"] = case
    meeting = first_link(base, "/", r'id="meeting-heading"><a href="([^"]+)"')
    if meeting:
        found["meeting"] = meeting
    return found


def measure(url: str, chrome: str) -> dict:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--quiet", f"--chrome-flags={CHROME_FLAGS}",
         f"--only-categories={','.join(CATEGORIES)}"],
        env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {result.stderr[-2000:]}")
    return json.loads(result.stdout)


def lost_points(report: dict) -> list[str]:
    """The audits (that count towards a score) that did not pass, as 'category: title (score)'."""
    lost = []
    for name in CATEGORIES:
        category = report["categories"][name]
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                lost.append(f"{name}: {audit['title']} ({audit['score']:.2f})")
    return lost


def run(base: str, args: argparse.Namespace, chrome: str) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
    scores: dict[str, dict[str, int]] = {}
    lost: dict[str, list[str]] = {}
    for name, path in pages(base).items():
        if args.pages and name not in args.pages:
            continue
        reports = [measure(base + path, chrome) for _ in range(args.runs)]
        if args.reports:
            Path(args.reports).mkdir(parents=True, exist_ok=True)
            (Path(args.reports) / f"{name}.json").write_text(json.dumps(reports[-1]))
        scores[name] = {
            c: round(100 * statistics.median(r["categories"][c]["score"] or 0 for r in reports)) for c in CATEGORIES
        }
        lost[name] = sorted({item for r in reports for item in lost_points(r)})
        print(name, path, scores[name], *lost[name], sep="\n  ", flush=True)
    return scores, lost


def report(scores: dict[str, dict[str, int]], lost: dict[str, list[str]], served: str, runs: int) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "## Lighthouse (`bench/lighthouse.py`)",
        "",
        f"Run {when} on {machine_line()}; Lighthouse 12.2.3, Debian Chromium, mobile emulation with simulated "
        f"throttling (Lighthouse's default); {served}; median of {runs} run(s) per page; load average "
        f"{os.getloadavg()[0]:.1f} at the end (what else ran shows here). Target: 100 everywhere.",
        "",
        "| page | performance | accessibility | best practices | SEO |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {name} | " + " | ".join(str(s[c]) for c in CATEGORIES) + " |" for name, s in scores.items()]
    losses = [f"- {name}: {item}" for name, items in lost.items() for item in items]
    lines += ["", "Audits that lost points:" if losses else "No audit lost points.", "", *losses]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="measure this running site instead of serving one here")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (the median score is kept)")
    parser.add_argument("--no-write", action="store_true", help="print, leave docs/PERFORMANCE.md alone")
    parser.add_argument("--pages", nargs="*", help="only these of home, catalogue, case, statistics, meeting")
    parser.add_argument("--reports", help="also keep each page's full Lighthouse JSON report in this folder")
    parser.add_argument("--quick", action="store_true", help="the catalogue page only, printed (`bench/run.py --quick`)")
    args = parser.parse_args()
    if args.quick:
        args.pages, args.runs, args.no_write = ["catalogue"], 1, True
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    install_lighthouse()
    if args.base_url:
        scores, lost = run(args.base_url.rstrip("/"), args, chrome)
        served = f"served by {args.base_url}"
    else:
        with production_like_site() as base:
            scores, lost = run(base, args, chrome)
        served = "served by gunicorn with the production settings and `seed_demo` data on SQLite"
    if not args.no_write:
        write_section("lighthouse.py", report(scores, lost, served, args.runs))
    perfect = all(v == 100 for s in scores.values() for v in s.values())
    print("LIGHTHOUSE-RESULT", "all 100" if perfect else "below 100", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
