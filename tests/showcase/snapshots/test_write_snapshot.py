"""The weekly snapshot job (issue 17.2), with a frozen clock: complete, checksummed, public only, pruned, idempotent."""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta

import pytest
from django.conf import settings

from showcase.api.export import COLUMN_NAMES
from showcase.models import UseCasePage
from showcase.snapshots import store
from tests import factories

from .conftest import FIRST_RUN, csv_rows, json_document, run_job

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

NOT_PUBLIC = ("attendees", "draft", "password")


def names(folder) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_the_snapshot_holds_every_public_case_and_nothing_else(catalogue_cases, snapshot_dir):
    output = run_job(FIRST_RUN)

    assert "2 case(s)" in output
    assert names(snapshot_dir) == {
        "catalogue-2026-12-06.csv", "catalogue-2026-12-06.csv.sha256",
        "catalogue-2026-12-06.json", "catalogue-2026-12-06.json.sha256",
    }
    header, rows = csv_rows(snapshot_dir / "catalogue-2026-12-06.csv")
    document = json_document(snapshot_dir / "catalogue-2026-12-06.json")
    public = {catalogue_cases["public"], catalogue_cases["formula"]}
    assert header == list(COLUMN_NAMES) == document["meta"]["columns"]
    assert {int(row["id"]) for row in rows} == {case["id"] for case in document["cases"]} == public
    assert len(rows) == len(document["cases"]) == 2
    for row in rows:  # each case's stable identifier and address
        page = UseCasePage.objects.get(pk=row["id"])
        assert row["case_number"] == page.case_number and page.case_number
        assert row["url"] == page.get_full_url() and row["url"].startswith("http")
    assert document["meta"]["snapshot"] == "2026-12-06"
    by_id = {int(row["id"]): row for row in rows}
    assert by_id[catalogue_cases["formula"]]["title"].startswith("'="), "a formula stays text, as in the export"
    assert by_id[catalogue_cases["public"]]["tags"] == "border"
    for path in snapshot_dir.iterdir():
        assert b"SNAP-attendees" not in path.read_bytes() and b"SNAP-draft" not in path.read_bytes()
        assert b"SNAP-password" not in path.read_bytes()


def test_checksums_verify_in_sha256sum_format(catalogue_cases, snapshot_dir):
    run_job(FIRST_RUN)

    for fmt in ("csv", "json"):
        data = snapshot_dir / f"catalogue-2026-12-06.{fmt}"
        line = (snapshot_dir / f"catalogue-2026-12-06.{fmt}.sha256").read_text(encoding="ascii")
        assert line == f"{hashlib.sha256(data.read_bytes()).hexdigest()}  {data.name}\n"
        assert oct(data.stat().st_mode & 0o777) == "0o644"


def test_a_rerun_the_same_day_changes_nothing(catalogue_cases, snapshot_dir):
    run_job(FIRST_RUN)
    before = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in snapshot_dir.iterdir()}
    factories.use_case(title="SNAP-published later that day")

    output = run_job(FIRST_RUN + timedelta(hours=5))

    assert "already complete" in output
    assert {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in snapshot_dir.iterdir()} == before


def test_a_run_cut_short_before_its_checksum_is_redone(catalogue_cases, snapshot_dir):
    run_job(FIRST_RUN)
    (snapshot_dir / "catalogue-2026-12-06.json.sha256").unlink()  # the crash came between the two renames
    (snapshot_dir / "catalogue-2026-12-06.csv").write_bytes(b"half a fi")  # and a file no longer matches
    leftover = snapshot_dir / ".tmp-catalogue-2026-12-06.csv.abc"
    leftover.write_bytes(b"partial")
    os.utime(leftover, (0, 0))  # left by a run long ago

    assert store.latest("json") is None, "a file without its checksum is not listed"
    assert "2 case(s)" in run_job(FIRST_RUN + timedelta(hours=1))

    assert store.verified(FIRST_RUN.date(), "csv") and store.verified(FIRST_RUN.date(), "json")
    assert not leftover.exists()
    assert len(csv_rows(snapshot_dir / "catalogue-2026-12-06.csv")[1]) == 2


def test_latest_follows_the_newest_and_old_weeks_are_pruned(catalogue_cases, snapshot_dir, settings):
    settings.SNAPSHOT_KEEP_WEEKS = 2
    for week in range(3):
        run_job(FIRST_RUN + timedelta(weeks=week))
        newest = (FIRST_RUN + timedelta(weeks=week)).date()
        assert store.latest("csv").day == store.latest("json").day == newest

    days = sorted({snapshot.day.isoformat() for snapshot in store.snapshot_files()})
    assert days == ["2026-12-13", "2026-12-20"]
    assert not any(name.startswith("catalogue-2026-12-06") for name in names(snapshot_dir))


def test_the_newest_snapshot_is_kept_however_old(catalogue_cases, snapshot_dir, settings):
    settings.SNAPSHOT_KEEP_WEEKS = 1
    run_job(FIRST_RUN)
    removed = store.prune(FIRST_RUN.date() + timedelta(weeks=30), keep_weeks=1)
    assert removed == []
    assert store.latest("csv").day == FIRST_RUN.date()


def test_the_job_is_scheduled_weekly():
    assert ("write_snapshot", (), 7 * 24 * 3600) in settings.SCHEDULED_JOBS
