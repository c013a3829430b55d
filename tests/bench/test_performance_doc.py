"""docs/PERFORMANCE.md: each benchmark's block holds what that benchmark writes, nothing written by hand.

A benchmark replaces everything between its start and end markers when it runs, so text written by hand
inside a block is lost on the next run (it happened: two sections on the rush, put just after
relevance.py's start marker, were removed by its next run). Hand-written text goes between the blocks.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "PERFORMANCE.md"
MARKER = re.compile(r"^<!-- (bench/[\w.]+\.py): (start|end) -->$")


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """(bench script, the lines between its markers), in order; fails on a marker without its pair or nested."""
    found, open_name, inside = [], None, []
    for line in text.splitlines():
        marker = MARKER.match(line)
        if not marker:
            if open_name:
                inside.append(line)
            continue
        name, side = marker.groups()
        if side == "start":
            assert open_name is None, f"{name} starts inside {open_name}'s block"
            open_name, inside = name, []
        else:
            assert open_name == name, f"{name}'s end marker without its start"
            found.append((name, inside))
            open_name = None
    assert open_name is None, f"{open_name}'s block has no end marker"
    return found


def test_every_block_begins_with_its_benchmarks_own_heading():
    found = blocks(DOC.read_text())
    assert {name for name, _lines in found} >= {"bench/search.py", "bench/load.py", "bench/relevance.py",
                                               "bench/lighthouse.py", "bench/dbsearch.py"}
    for name, lines in found:
        first = next((line for line in lines if line.strip()), "")
        assert first.startswith("## ") and f"`{name}`" in first, (
            f"{name}'s block must begin with its own '## … (`{name}`)' heading, not {first!r}: "
            "text written by hand inside a block is lost when the benchmark runs again")
    assert len({name for name, _lines in found}) == len(found), "one block per benchmark"


def test_a_block_with_hand_written_text_first_is_refused():
    text = ("<!-- bench/relevance.py: start -->\n### A note written by hand\n"
            "## Search relevance (`bench/relevance.py`)\n<!-- bench/relevance.py: end -->\n")
    found = blocks(text)
    first = next(line for line in found[0][1] if line.strip())
    assert not first.startswith("## ")
