"""Fixtures for the snapshot tests: a small catalogue built once per module, a private snapshot directory, the job."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from tests import factories

#: A Sunday morning (UTC): the first run of the weekly job in these tests.
FIRST_RUN = datetime(2026, 12, 6, 3, 0, tzinfo=dt_timezone.utc)


@pytest.fixture(scope="module")
def catalogue_cases(module_db) -> dict[str, int]:
    """Two public cases (one with a title a spreadsheet would run) and three nobody outside may read."""
    with time_machine.travel(FIRST_RUN - timedelta(days=30), tick=False):
        cases = {
            "public": factories.use_case(title="SNAP-public Number plates", tags=("border",)),
            "formula": factories.use_case(title="=HYPERLINK(\"http://evil.example\")"),
            "attendees": factories.use_case(title="SNAP-attendees-only case", visibility="attendees"),
            "draft": factories.use_case(title="SNAP-draft case", publish=False),
            "password": factories.use_case(title="SNAP-password case"),
        }
        PageViewRestriction.objects.create(
            page=cases["password"], restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    return {key: page.pk for key, page in cases.items()}


@pytest.fixture
def snapshot_dir(settings, tmp_path) -> Path:
    settings.SNAPSHOT_DIR = str(tmp_path / "snapshots")
    settings.SNAPSHOT_KEEP_WEEKS = 12
    return tmp_path / "snapshots"


def run_job(at: datetime) -> str:
    out = StringIO()
    with time_machine.travel(at, tick=False):
        call_command("write_snapshot", stdout=out)
    return out.getvalue()


def csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff"), "the byte-order mark spreadsheets need"
    reader = csv.DictReader(io.StringIO(text[1:]))
    found = list(reader)
    return list(reader.fieldnames or []), found


def json_document(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
