"""The layering of DESIGN.md ("Layers"), enforced: import-linter's contracts in pyproject.toml hold.

``portal`` above ``moderation`` above ``showcase``, never an import upward, and
no import cycle inside an app. A broken contract fails this test with
import-linter's report, which names the offending import and its line.

The other tests prove that the contracts bite: a copy of the apps with one
backward import (or one cycle) added fails, by name.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
APPS = ("demo", "portal", "moderation", "showcase")


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """Run ``lint-imports`` (the venv's, next to this Python) on ``project``'s pyproject.toml."""
    executable = Path(sys.executable).with_name("lint-imports")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "importlinter.cli"]
    return subprocess.run(
        [*command, "--no-cache"], cwd=project, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_import_contracts_hold():
    result = lint_imports(PROJECT)
    assert result.returncode == 0, f"import-linter found a broken contract:\n{result.stdout}\n{result.stderr}"
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """The three apps' Python files and pyproject.toml, copied to a scratch directory."""
    root = tmp_path_factory.mktemp("layers")
    shutil.copy(PROJECT / "pyproject.toml", root / "pyproject.toml")
    for app in APPS:
        shutil.copytree(PROJECT / app, root / app, ignore=shutil.ignore_patterns("*.pyc", "__pycache__", "static"))
    return root


@pytest.mark.parametrize(
    "module, added, broken",
    [
        # moderation reading the portal directly instead of through a provider or a signal
        ("moderation/conflicts.py", "import portal.models", "moderation.conflicts -> portal.models"),
        ("moderation/red_flag_answers.py", "from portal import status", "moderation.red_flag_answers -> portal"),
        # the catalogue asking moderation for the review instead of moderation's template tag
        ("showcase/visibility.py", "import moderation.public_review", "showcase.visibility -> moderation.public_review"),
        # a cycle inside moderation: a leaf module importing one that (indirectly) imports it
        ("moderation/actions.py", "import moderation.evidence", "No cycles are allowed in moderation"),
    ],
    ids=["moderation-imports-portal", "moderation-imports-portal-status", "showcase-imports-moderation",
         "cycle-inside-moderation"],
)
def test_a_backward_import_breaks_a_contract_by_name(project_copy, module, added, broken):
    path = project_copy / module
    original = path.read_text()
    try:
        path.write_text(f"{original}\n{added}  # added by tests/test_layers.py\n")
        result = lint_imports(project_copy)
    finally:
        path.write_text(original)
    assert result.returncode != 0, result.stdout
    assert broken in result.stdout, result.stdout
