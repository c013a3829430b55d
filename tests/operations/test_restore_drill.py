"""The restore drill (issue 18.5, docs/OPERATIONS.md): back up a populated site, restore it elsewhere, compare.

On the real PostgreSQL and Elasticsearch of ``make test`` (skipped on SQLite): the demo and
submissions in every status, with a marker in every confidential answer, are dumped with
``pg_dump -Fc`` and the media folder copied; ``pg_restore`` fills a new database, the copy a new
folder; then ``tests/operations/site_state.py`` runs in its own process once on the original and
once on the restored copy (``migrate``, ``rebuild_catalogue_index`` into its own index prefix) and
the two descriptions must be equal.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from portal.models import Status, StatusChange, Submission
from tests import factories
from tests.moderation.markers import mark_confidential_answers

PROJECT_DIR = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.elasticsearch]


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def pg(tool: str, *args: str) -> subprocess.CompletedProcess:
    """A PostgreSQL client tool against the test server (found on PATH, as the pg_dump test does)."""
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    server = ["-h", db["HOST"] or "localhost", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    return subprocess.run([tool, *server, *args], capture_output=True, text=True, env=env, timeout=120, check=True)


def site_state(database: str, media: Path, prefix: str, *, migrate: bool) -> dict[str, Any]:
    """The site's description from a separate process that knows only this database, folder and index prefix."""
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=database_url(database),
        ELASTICSEARCH_URL=settings.ELASTICSEARCH_URL,
        CATALOGUE_INDEX_PREFIX=prefix,
        FIELD_ENCRYPTION_KEYS=",".join(settings.FIELD_ENCRYPTION_KEYS),
    )
    argv = [sys.executable, "-m", "tests.operations.site_state", str(media), *(["--migrate"] if migrate else [])]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=PROJECT_DIR, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def populate() -> dict[str, str]:
    """The demo, then a submission in every status (each with markers); returns one submission's markers."""
    from moderation.models import Assessment, Rating, RedFlagOverride
    from portal.submission import submit
    from tests.browser.conftest import restore_migrated_rows

    restore_migrated_rows()  # a transactional test starts from a flushed database
    call_command("seed_demo", "--with-submissions", stdout=StringIO())
    demo = set(Submission.objects.values_list("status", flat=True))  # draft, submitted, changes requested
    for status in sorted(set(Status.values) - demo):
        item = factories.complete_submission()
        mark_confidential_answers(item)
        changes = {"status": status, **({"withdrawn_at": item.created_at} if status == Status.WITHDRAWN else {})}
        Submission.objects.filter(pk=item.pk).update(**changes)
        StatusChange.objects.create(submission=item, status=status, at=item.created_at, message=f"Reason: {status}")
    item = factories.complete_submission(image_count=1)
    markers = mark_confidential_answers(item)
    submit(item, item.submitter)  # a real review round: the answer snapshot is encrypted too
    assessment = Assessment.objects.create(page=item.page, reviewer=factories.user(), decision=Assessment.APPROVED)
    Rating.objects.create(assessment=assessment, code="x", principle="p", question="q", rating="meets",
                          note="SECRET-MARKER-restore-reviewer-note")
    RedFlagOverride.objects.create(assessment=assessment, rule="r", criterion_code="x", flag_message="m",
                                   justification="SECRET-MARKER-restore-override")
    from wagtail.images import get_image_model

    for image in get_image_model().objects.order_by("pk")[:3]:
        image.get_rendition("fill-320x180")  # renditions on disk and in the database, served by the media view
    return markers


@pytest.fixture
def restored_database() -> Any:
    name = f"restore_drill_{uuid.uuid4().hex[:10]}"
    yield name
    pg("dropdb", "--if-exists", "--force", name)


@pytest.fixture
def index_prefixes(es_client: Any) -> Any:
    base = f"{settings.CATALOGUE_INDEX_PREFIX}-drill-{uuid.uuid4().hex[:8]}"
    prefixes = (f"{base}-original", f"{base}-restored")
    yield prefixes
    # Deleting by wildcard is refused (action.destructive_requires_name): name each index.
    names = list(es_client.indices.get(index=f"{base}-*", allow_no_indices=True, expand_wildcards="all"))
    if names:
        es_client.indices.delete(index=",".join(names))


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_and_folder_with_nothing_lost(
    postgres: None, restored_database: str, index_prefixes: tuple[str, str], tmp_path: Path
) -> None:
    markers = populate()
    original_db, media = connection.settings_dict["NAME"], Path(settings.MEDIA_ROOT)

    dump = tmp_path / "db.dump"
    pg("pg_dump", "-Fc", "--no-owner", "-f", str(dump), original_db)
    shutil.copytree(media, tmp_path / "media-backup")  # the backup of the media folder
    pg("createdb", restored_database)
    pg("pg_restore", "--no-owner", "--exit-on-error", "-d", restored_database, str(dump))
    restored_media = tmp_path / "media-restored"
    shutil.copytree(tmp_path / "media-backup", restored_media)

    original = site_state(original_db, media, index_prefixes[0], migrate=False)
    restored = site_state(restored_database, restored_media, index_prefixes[1], migrate=True)

    # The comparison is only worth something if the original holds what it should.
    assert original["rows"]["portal_submission"] >= len(Status.values) + 1
    assert set(Submission.objects.values_list("status", flat=True)) == set(Status.values)
    submissions = original["confidential"]["portal.Submission"].values()
    assert any(row.get("contact_name") == markers["contact_name"] for row in submissions)
    served = [entry["served"][0] for entry in original["images"].values()]
    assert served.count(200) >= 1 and any(name.startswith("images/") for name in original["images"])
    assert all(answer["backend"] == "elasticsearch" for answer in original["searches"].values())
    assert original["searches"][""]["total"] > 0 and original["searches"]["fraud"]["ids"]

    for part in ("rows", "pages", "confidential", "images", "searches"):
        assert restored[part] == original[part], f"{part} differ after the restore"
    assert original["rebuild"] and restored["rebuild"]
