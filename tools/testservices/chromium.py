"""Debian's Chromium for the browser tests (Playwright drives it via executable_path).

Playwright's own browser download is not used: it cannot reach its CDN here,
and Debian's package is what CI installs.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from . import ServiceUnavailable, apt_install, log

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured and os.access(configured, os.X_OK):
        return configured
    for path in CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium")


def ensure_chromium(install_missing: bool) -> str:
    path = find_chromium()
    if path is None:
        if not install_missing:
            raise ServiceUnavailable("Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)")
        apt_install("chromium")
        path = find_chromium()
        if path is None:
            raise ServiceUnavailable("chromium was installed but its binary is missing")
    result = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise ServiceUnavailable(f"{path} --version failed: {result.stderr.strip()[-200:]}")
    log(f"Chromium: {result.stdout.strip()} at {path}")
    return path
