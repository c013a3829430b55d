"""The demo app stays out of production: not installed there, and no production app imports it."""

import ast
from pathlib import Path

import pytest

from tests.portal.test_settings import SAMPLE_PRODUCTION_ENV, manage

pytestmark = pytest.mark.embedded

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_APPS = ("portal", "moderation", "showcase")


def test_production_has_no_seed_demo_command():
    result = manage("help", "seed_demo", env=SAMPLE_PRODUCTION_ENV)
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr


def test_the_development_and_test_settings_install_it(settings):
    assert "demo" in settings.INSTALLED_APPS
    from portal.settings import dev

    assert "demo" in dev.INSTALLED_APPS


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_production_app_imports_the_demo_app():
    offenders = [
        f"{path.relative_to(PROJECT_DIR)}: {name}"
        for app in PRODUCTION_APPS
        for path in sorted((PROJECT_DIR / app).rglob("*.py"))
        for name in sorted(imported_modules(path))
        if name == "demo" or name.startswith("demo.")
    ]
    assert not offenders, "demo sits above the production apps; these import it:\n" + "\n".join(offenders)
