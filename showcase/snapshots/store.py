"""The snapshot directory: file names, checksums, atomic writes, listing and pruning.

A snapshot of one day is ``catalogue-YYYY-MM-DD.csv`` and ``catalogue-YYYY-MM-DD.json``,
each with a ``.sha256`` beside it in ``sha256sum`` format (``sha256sum -c`` checks it).
Every file is written to a temporary name in the same directory, flushed to disk and
renamed over its final name (an atomic step on one file system), so a reader sees the
whole old file, the whole new one, or none. A data file counts only once its checksum
file exists, and the checksum file is renamed into place after the data file, so a crash
in between leaves nothing listed or served; the next run writes that day again.

Names are only ever produced here or matched against ``FILE_NAME`` (fixed letters, a
date, an extension): nothing a visitor types reaches the file system otherwise.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import Path

from django.conf import settings

PREFIX = "catalogue"
FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
CHECKSUM_SUFFIX = ".sha256"
#: The only names served: ``catalogue-2026-12-06.csv``, ``….json`` and their ``.sha256``.
#: ASCII digits only (``\d`` would take other scripts' digits) and ``fullmatch`` (``$`` allows a final newline).
FILE_NAME = re.compile(r"catalogue-([0-9]{4}-[0-9]{2}-[0-9]{2})\.(csv|json)(\.sha256)?", re.ASCII)
TEMP_PREFIX = ".tmp-"
#: A temporary file older than this was left by a crashed run and is removed.
STALE_TEMP_SECONDS = 24 * 3600
READ_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class SnapshotFile:
    day: date
    format: str  # "csv" or "json"
    path: Path
    size: int
    sha256: str
    modified: datetime  # when it was written (UTC): the Last-Modified header

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def checksum_name(self) -> str:
        return self.name + CHECKSUM_SUFFIX

    @property
    def content_type(self) -> str:
        return FORMATS[self.format]


def directory() -> Path:
    """``settings.SNAPSHOT_DIR``, or ``MEDIA_ROOT/snapshots`` (outside the served media: only images are served)."""
    return Path(settings.SNAPSHOT_DIR or Path(settings.MEDIA_ROOT) / "snapshots")


def file_name(day: date, fmt: str) -> str:
    return f"{PREFIX}-{day.isoformat()}.{fmt}"


def parse_name(name: str) -> tuple[date, str, bool] | None:
    """(day, format, is the checksum file) of a well-formed name, else None."""
    match = FILE_NAME.fullmatch(name)
    if not match:
        return None
    try:
        day = date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return day, match.group(2), bool(match.group(3))


def checksum_line(digest: str, name: str) -> str:
    """One line of ``sha256sum`` output (two spaces: text mode)."""
    return f"{digest}  {name}\n"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _recorded_checksum(path: Path) -> str | None:
    """The digest in ``<path>.sha256`` when it names this file, else None."""
    try:
        text = Path(str(path) + CHECKSUM_SUFFIX).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    parts = text.split()
    if len(parts) != 2 or parts[1] != path.name or not re.fullmatch(r"[0-9a-f]{64}", parts[0]):
        return None
    return parts[0]


def load(path: Path) -> SnapshotFile | None:
    """The complete snapshot file at ``path`` (its checksum file exists), else None."""
    parsed = parse_name(path.name)
    if parsed is None or parsed[2]:
        return None
    digest = _recorded_checksum(path)
    try:
        stat = path.stat()
    except OSError:
        return None
    if digest is None:
        return None
    modified = datetime.fromtimestamp(int(stat.st_mtime), tz=dt_timezone.utc)
    return SnapshotFile(parsed[0], parsed[1], path, stat.st_size, digest, modified)


def snapshot_files() -> list[SnapshotFile]:
    """Every complete snapshot file, newest day first, CSV before JSON."""
    folder = directory()
    if not folder.is_dir():
        return []
    found = [snapshot for path in folder.iterdir() if (snapshot := load(path)) is not None]
    return sorted(found, key=lambda s: (s.day, s.format != "csv"), reverse=True)


def by_day(files: Iterable[SnapshotFile]) -> list[tuple[date, list[SnapshotFile]]]:
    """The files grouped by day, newest first (each day's CSV then JSON)."""
    days: dict[date, list[SnapshotFile]] = {}
    for snapshot in files:
        days.setdefault(snapshot.day, []).append(snapshot)
    return [(day, sorted(group, key=lambda s: s.format)) for day, group in sorted(days.items(), reverse=True)]


def latest(fmt: str) -> SnapshotFile | None:
    return next((snapshot for snapshot in snapshot_files() if snapshot.format == fmt), None)


def verified(day: date, fmt: str) -> bool:
    """Whether the day's file exists, has its checksum file, and its bytes match it."""
    snapshot = load(directory() / file_name(day, fmt))
    return snapshot is not None and sha256_of(snapshot.path) == snapshot.sha256


# --- Writing -----------------------------------------------------------------------------------


class AtomicFile:
    """A temporary file in the target's directory, renamed over the target on ``commit``; removed otherwise."""

    def __init__(self, target: Path) -> None:
        self.target = target
        handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX + target.name + ".", dir=target.parent)
        self.temp = Path(name)
        self.handle = os.fdopen(handle, "wb")
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)

    def commit(self) -> str:
        """Flush to disk, make it readable like any published file, rename into place; the SHA-256."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.temp, 0o644)
        os.replace(self.temp, self.target)
        return self.digest.hexdigest()

    def discard(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        self.temp.unlink(missing_ok=True)


def write_checksum(target: Path, digest: str) -> None:
    checksum = AtomicFile(Path(str(target) + CHECKSUM_SUFFIX))
    try:
        checksum.write(checksum_line(digest, target.name).encode("ascii"))
        checksum.commit()
    except BaseException:
        checksum.discard()
        raise


# --- Pruning -----------------------------------------------------------------------------------


def _age(path: Path) -> float:
    """Seconds since the file was written; 0 when it is gone already (renamed by a run under way)."""
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def prune(today: date, keep_weeks: int) -> list[str]:
    """Remove the snapshots dated ``keep_weeks`` weeks before ``today`` or earlier; the newest day always stays.

    With a weekly run and ``keep_weeks=12`` that keeps twelve snapshots. Leftover temporary
    files of a crashed run (older than a day) go too. Returns the names removed.
    """
    folder = directory()
    if not folder.is_dir():
        return []
    cutoff = today - timedelta(weeks=max(keep_weeks, 1))
    days = sorted({parsed[0] for path in folder.iterdir() if (parsed := parse_name(path.name))})
    newest = days[-1] if days else None
    removed = []
    for path in sorted(folder.iterdir()):
        parsed = parse_name(path.name)
        stale_temp = path.name.startswith(TEMP_PREFIX) and _age(path) > STALE_TEMP_SECONDS
        if (parsed and parsed[0] <= cutoff and parsed[0] != newest) or stale_temp:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
