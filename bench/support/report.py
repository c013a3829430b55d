"""What every benchmark's report needs: the machine it ran on, and its own section of docs/PERFORMANCE.md.

Each benchmark owns one section between ``<!-- bench/<script>: start -->`` and
``<!-- bench/<script>: end -->``; a run replaces its section and leaves the
others alone (a new section goes at the end).
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PERFORMANCE = ROOT / "docs" / "PERFORMANCE.md"
HEADER = (
    "# Performance\n\n"
    "Benchmarks under `bench/` (`make bench`) write their tables here, with the machine they ran on.\n\n"
)


def machine() -> dict[str, str]:
    """Cores, memory and CPU model of this machine (empty strings where it cannot tell)."""
    cpu = platform.processor() or ""
    try:
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1).strip()
    except (OSError, AttributeError):
        pass
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    return {"cores": str(os.cpu_count()), "memory": memory, "cpu": cpu}


def machine_line() -> str:
    info = machine()
    return f"{info['cores']} cores, {info['memory']} RAM, {info['cpu']}"


def markers(script: str) -> tuple[str, str]:
    return f"<!-- bench/{script}: start -->", f"<!-- bench/{script}: end -->"


def write_section(script: str, body: str, path: Path = PERFORMANCE) -> None:
    """Put ``body`` (Markdown, without the markers) in ``script``'s section of ``path``."""
    start, end = markers(script)
    section = f"{start}\n{body.strip()}\n{end}\n"
    text = path.read_text() if path.exists() else HEADER
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def load_average() -> str:
    """The machine's load as ``uptime`` reports it (1, 5 and 15 minutes), for "what else was running"."""
    try:
        one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
    except (OSError, ValueError):
        return "load average unknown"
    return f"load average {one}, {five}, {fifteen} (1, 5, 15 min)"


def target_lines(markdown: str) -> list[str]:
    """``TARGET met|NOT met: …`` for every ``- … — met|NOT met`` line of a section; bench/run.py collects them."""
    found = []
    for line in markdown.splitlines():
        if line.startswith("- ") and (line.endswith(" — met") or line.endswith(" — NOT met")):
            text, verdict = line[2:].rsplit(" — ", 1)
            found.append(f"TARGET {verdict}: {text.replace('**', '')}")
    return found
