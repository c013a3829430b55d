"""Confidential answers encrypted at rest (issue 18): stored tokens, readable through the models, rotatable.

The pg_dump test dumps the real PostgreSQL test database and searches it for every marker.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from moderation import encryption
from moderation.key_rotation import rotate_table
from portal.models import Submission
from tests import factories
from tests.moderation.markers import mark_confidential_answers


def stored(column: str, pk: int, table: str = "portal_submission") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.embedded
def test_every_confidential_text_answer_is_stored_as_a_token_and_read_back_in_clear():
    item = factories.complete_submission()
    markers = mark_confidential_answers(item)
    for name, value in markers.items():
        raw = stored(name, item.pk)
        assert raw.startswith("fernet:") and value not in raw, name
        assert getattr(Submission.objects.get(pk=item.pk), name) == value
    assert Submission.objects.values_list("contact_name", flat=True).get(pk=item.pk) == markers["contact_name"]


@pytest.mark.django_db
@pytest.mark.embedded
def test_rotation_re_encrypts_everything_and_survives_an_interruption(settings):
    old, new = settings.FIELD_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    items = [factories.complete_submission() for _ in range(3)]
    markers = {item.pk: mark_confidential_answers(item) for item in items}
    columns = list(markers[items[0].pk])
    settings.FIELD_ENCRYPTION_KEYS = [new, old]

    class Crash(Exception):
        pass

    def crash_after_first(table: str, last_pk: int) -> None:
        raise Crash(last_pk)

    with pytest.raises(Crash):
        rotate_table(Submission, columns, batch_size=1, after_batch=crash_after_first)
    current = [all(encryption.is_current(stored(c, item.pk)) for c in columns) for item in items]
    assert current == [True, False, False]  # the first batch is done and kept; the rest waits
    assert all(getattr(Submission.objects.get(pk=item.pk), "contact_name") == markers[item.pk]["contact_name"]
               for item in items)  # meanwhile every value still reads, under either key

    call_command("rotate_encryption_keys", "--batch-size", "2", stdout=open(os.devnull, "w"))
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone: everything must still read
    for item in items:
        fresh = Submission.objects.get(pk=item.pk)
        assert {c: getattr(fresh, c) for c in columns} == markers[item.pk]
    settings.FIELD_ENCRYPTION_KEYS = [old]
    with pytest.raises(Exception, match="cannot be decrypted"):
        Submission.objects.get(pk=items[0].pk).contact_name  # noqa: B018 - the old key alone no longer opens it


@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_of_a_populated_database_holds_no_confidential_answer(postgres, tmp_path):
    from moderation.models import AnswerSnapshot, Assessment, Rating, RedFlagOverride
    from portal.submission import submit
    from tests.browser.conftest import restore_migrated_rows

    restore_migrated_rows()  # committed rows, for pg_dump to see: a transactional test starts from a flushed database
    item = factories.complete_submission()
    markers = mark_confidential_answers(item)
    submit(item, item.submitter)  # the review round's snapshot copies every answer
    assert AnswerSnapshot.objects.filter(page=item.page).exists()
    assessment = Assessment.objects.create(page=item.page, reviewer=factories.user(), decision=Assessment.APPROVED)
    note, justification = "SECRET-MARKER-reviewer-note-q7", "SECRET-MARKER-override-justification-q7"
    Rating.objects.create(assessment=assessment, code="x", principle="p", question="q", rating="meets", note=note)
    RedFlagOverride.objects.create(assessment=assessment, rule="r", criterion_code="x", flag_message="m",
                                   justification=justification)
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    dump = subprocess.run(
        ["pg_dump", "--no-owner", "-h", db["HOST"] or "localhost", "-p", str(db["PORT"] or 5432),
         "-U", db["USER"], connection.settings_dict["NAME"]],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    ).stdout
    assert item.page.title in dump  # a real dump of this database, public content included
    found = [value for value in [*markers.values(), note, justification] if value in dump]
    assert not found, f"plaintext in the dump: {found}"
