"""Start the real services the test suite needs: PostgreSQL and Elasticsearch.

Used by tools/run_tests.py (`make test`). Each service is reused when the
environment already points at a reachable one (DATABASE_URL,
ELASTICSEARCH_URL); otherwise a throw-away instance is started on loopback,
owned by an unprivileged user (both servers refuse to run as root), and
removed afterwards.

Under CI=true a service that cannot be had raises ServiceUnavailable; outside
CI the caller prints a loud one-line reason and the tests that need it skip.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PROJECT_DIR = Path(__file__).resolve().parents[2]
CACHE_DIR = PROJECT_DIR / ".cache"
SERVICE_ACCOUNT = "aishowcase-svc"


class ServiceUnavailable(RuntimeError):
    """A service could not be found or started; the message says why in one line."""


@dataclass
class Service:
    name: str
    url: str
    started_here: bool
    _stop: Callable[[], None] | None = field(default=None, repr=False)

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None


def log(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


def is_root() -> bool:
    return os.geteuid() == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unprivileged_user(preferred: str | None = None) -> str | None:
    """The account a server runs as: None (ourselves) unless we are root."""
    if not is_root():
        return None
    for name in (preferred, SERVICE_ACCOUNT):
        if name and _user_exists(name):
            return name
    result = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_ACCOUNT],
        capture_output=True,
        text=True,
    )
    if result.returncode == 0 or _user_exists(SERVICE_ACCOUNT):
        return SERVICE_ACCOUNT
    log(f"could not create {SERVICE_ACCOUNT} ({result.stderr.strip()}); using nobody")
    return "nobody"


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def private_tmpdir(prefix: str, owner: str | None) -> Path:
    """A temporary folder the server's account owns (mode 700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if owner is not None:
        entry = pwd.getpwnam(owner)
        chown_tree(path, entry.pw_uid, entry.pw_gid)
    return path


def chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, gid, follow_symlinks=False)


def as_user(user: str | None, argv: list[str]) -> list[str]:
    return argv if user is None else ["runuser", "-u", user, "--", *argv]


def stop_process_group(process: subprocess.Popen, timeout: float = 30) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def wait_until(check: Callable[[], bool], timeout: float, what: str, alive: Callable[[], bool] = lambda: True) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if not alive():
            raise ServiceUnavailable(f"{what} exited while starting")
        time.sleep(0.5)
    raise ServiceUnavailable(f"{what} did not become ready within {timeout:.0f}s")


def apt_install(package: str) -> None:
    """Install a Debian package (CI only: the harness never changes a developer's machine silently)."""
    if not is_root() or shutil.which("apt-get") is None:
        raise ServiceUnavailable(f"{package} is missing and cannot be installed here (needs root and apt-get)")
    log(f"installing Debian package {package} ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, stdout=subprocess.DEVNULL)
    result = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ServiceUnavailable(f"apt-get install {package} failed: {result.stderr.strip()[-300:]}")


def group_of(user: str) -> int:
    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_gid
