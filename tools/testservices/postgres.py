"""A PostgreSQL server for the tests: the one DATABASE_URL names, or a throw-away cluster."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from . import (
    Service,
    ServiceUnavailable,
    apt_install,
    as_user,
    free_port,
    log,
    private_tmpdir,
    unprivileged_user,
)

DATABASE_NAME = "aishowcase"


def ensure_postgres(install_missing: bool) -> Service:
    external = os.environ.get("DATABASE_URL", "")
    if urlparse(external).scheme.startswith("postgres"):
        if _reachable(external):
            log("PostgreSQL: using the server named by DATABASE_URL")
            return Service("postgresql", external, started_here=False)
        log("PostgreSQL: DATABASE_URL does not answer; starting a throw-away cluster instead")
    return _start_cluster(install_missing)


def _reachable(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except Exception:
        return False


def _find_bindir() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).resolve().parent if pg_ctl else None


def _start_cluster(install_missing: bool) -> Service:
    bindir = _find_bindir()
    if bindir is None:
        if not install_missing:
            raise ServiceUnavailable("PostgreSQL server binaries not found (apt-get install postgresql)")
        apt_install("postgresql")
        bindir = _find_bindir()
        if bindir is None:
            raise ServiceUnavailable("postgresql was installed but pg_ctl is still missing")

    user = unprivileged_user("postgres")
    base = private_tmpdir("aishowcase-pg-", user)
    data, logfile, port = base / "data", base / "server.log", free_port()

    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(as_user(user, list(argv)), capture_output=True, text=True, cwd=base)

    result = run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C")
    if result.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise ServiceUnavailable(f"initdb failed: {result.stderr.strip()[-300:]}")

    options = (
        f"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={base} "
        # Durability is pointless for a throw-away test cluster and costs seconds.
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    result = run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(logfile), "-w", "-t", "60", "-o", options, "start")
    if result.returncode != 0:
        log_tail = logfile.read_text(errors="replace")[-500:] if logfile.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        raise ServiceUnavailable(f"PostgreSQL did not start: {result.stderr.strip()[-200:]} {log_tail}")

    run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", DATABASE_NAME)

    def stop() -> None:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)
        log("PostgreSQL: throw-away cluster stopped and removed")

    url = f"postgres://postgres@127.0.0.1:{port}/{DATABASE_NAME}"
    log(f"PostgreSQL: started a throw-away cluster ({bindir.parent.name}) on 127.0.0.1:{port}")
    return Service("postgresql", url, started_here=True, _stop=stop)
