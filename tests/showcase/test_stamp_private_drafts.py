"""A never-published draft's saves leave the catalogue stamp alone; its publication, an unpublish, a draft of a
published case and a deletion move it (showcase/stamp_signals.py, issue 20: submitters' saves during a rush)."""

from __future__ import annotations

import pytest

from portal.submission import save_step, start_submission
from portal.wizard import step_for
from portal import submission as services
from showcase.models.catalogue_stamp import current_stamp
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def version() -> int:
    return current_stamp()[0]


def test_wizard_saves_of_a_draft_do_not_move_the_stamp():
    submitter = factories.submitter("stamp@police.example.org")
    before = version()
    submission, _ = start_submission(submitter)
    step = step_for("use-case")
    form = services.form_for(step, submission, {"title": "A quiet draft", "summary": "S.", "problem": "P."}, draft=True)
    assert form.is_valid(), form.errors
    save_step(submission, submitter, form)
    assert version() == before


def test_a_publication_a_draft_of_a_published_case_and_an_unpublish_move_it():
    before = version()
    page = factories.use_case(title="Soon public", publish=False, first_published_at=None)
    assert version() == before
    page.save_revision().publish()
    published = version()
    assert published != before
    page.refresh_from_db()
    page.summary = "A correction"
    page.save_revision()
    assert version() != published
    changed = version()
    page.unpublish()
    assert version() != changed


def test_deleting_a_never_published_draft_moves_the_stamp():
    draft = factories.use_case(title="Never published", publish=False)
    before = version()
    draft.delete()
    assert version() != before
