"""Small modules and short functions: none over 400 lines or 60 lines without a comment saying why.

Walks the production apps (portal, moderation, showcase), migrations aside (generated) and the
``demo`` app aside (demo content and benchmark generators, never installed in production).
A module may be longer when its first line is a ``# size: <why>`` comment; a function when its
``def`` line, or the comment line just above it (and its decorators), says ``# size: <why>``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
APPS = ("portal", "moderation", "showcase")
MODULE_MAX_LINES = 400
FUNCTION_MAX_LINES = 60
REASON = re.compile(r"#\s*size:\s*\S.{9,}")  # a reason of a few words, not a bare marker

#: Known exceptions, each to be split; an entry is removed once its module is short again.
ALLOWED: dict[str, str] = {
    # e.g. "moderation/some_module.py": "TODO(road): split with the workflow rewrite (issue 19.2)",
}


def production_modules() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((PROJECT_DIR / app).rglob("*.py"))
        if "migrations" not in path.relative_to(PROJECT_DIR).parts
    ]


def has_reason(line: str) -> bool:
    return bool(REASON.search(line))


def function_has_reason(lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
    above = lines[first - 2] if first >= 2 else ""
    return has_reason(lines[node.lineno - 1]) or (above.strip().startswith("#") and has_reason(above))


def oversized(path: Path, root: Path = PROJECT_DIR) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    name = path.relative_to(root).as_posix()
    found = []
    if len(lines) > MODULE_MAX_LINES and not (lines and has_reason(lines[0])):
        found.append(f"{name}: {len(lines)} lines (at most {MODULE_MAX_LINES})")
    for node in ast.walk(ast.parse(text, filename=name)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > FUNCTION_MAX_LINES and not function_has_reason(lines, node):
                found.append(f"{name}:{node.lineno} {node.name}(): {length} lines (at most {FUNCTION_MAX_LINES})")
    return found


def test_no_module_or_function_is_too_long_without_a_reason():
    found = [entry for path in production_modules() for entry in oversized(path)]
    unexplained = [entry for entry in found if entry.split(":")[0] not in ALLOWED]
    assert not unexplained, (
        "Split these, or say why on their first line with a `# size: <why>` comment:\n  " + "\n  ".join(unexplained)
    )


def test_every_allowed_exception_is_still_needed():
    still_long = {entry.split(":")[0] for path in production_modules() for entry in oversized(path)}
    assert not set(ALLOWED) - still_long, "these are short now: remove them from ALLOWED"


def test_the_check_finds_long_code_and_accepts_a_reason(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(FUNCTION_MAX_LINES))
    sample = tmp_path / "sample.py"
    sample.write_text(
        f"def long_one():\n{body}\n\n"
        f"# size: one table of sixty values, read as one\n@staticmethod\ndef explained():\n{body}\n\n"
        f"def also_explained():  # size: the same table, said on the def line\n{body}" + "\n" * MODULE_MAX_LINES
    )
    found = oversized(sample, root=tmp_path)
    assert [entry.split(" ")[0] for entry in found] == ["sample.py:", "sample.py:1"], found
    reason = "# size: generated answers of a fixed questionnaire, kept together\n"
    sample.write_text(reason + '"""Sample."""\n' + sample.read_text())
    assert [entry.split(" ")[0] for entry in oversized(sample, root=tmp_path)] == ["sample.py:3"]
