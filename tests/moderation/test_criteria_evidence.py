"""The answer → criterion and red flag → answer tables agree with the rubric, the rules and the wizard."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from moderation.criteria_evidence import EVIDENCE_BY_CRITERION, EVIDENCE_BY_RED_FLAG
from moderation.red_flags import RULES
from moderation.rubric import CRITERION_CODES

MODERATION = Path(__file__).resolve().parents[2] / "moderation"
#: Modules of the review screen: they reach the portal only through the registered provider.
REVIEW_SCREEN_MODULES = (
    "submission_answers.py", "criteria_evidence.py", "rounds.py", "evidence.py", "evidence_access.py",
    "review_views.py", "outcomes.py", "editor_links.py",
)


def wizard_answer_names() -> set[str]:
    from portal.answer_rows import NOT_ANSWERS
    from portal.wizard import STEPS

    return {name for step in STEPS if step.form_class for name in step.form_class.base_fields} - NOT_ANSWERS


def test_every_criterion_of_the_rubric_has_its_evidence():
    assert set(EVIDENCE_BY_CRITERION) == set(CRITERION_CODES)
    assert all(EVIDENCE_BY_CRITERION.values())


def test_every_red_flag_rule_names_the_answers_it_reads():
    assert set(EVIDENCE_BY_RED_FLAG) == {rule_id for rule_id, _criterion, _check in RULES}


def test_every_name_is_an_answer_of_the_wizard():
    names = wizard_answer_names()
    for code, answers in EVIDENCE_BY_CRITERION.items():
        assert set(answers) <= names, (code, set(answers) - names)
    for rule_id, answers in EVIDENCE_BY_RED_FLAG.items():
        assert set(answers) <= names, (rule_id, set(answers) - names)


def test_each_flag_is_shown_beside_its_answers_in_its_own_criterion():
    for rule_id, criterion, _check in RULES:
        assert set(EVIDENCE_BY_RED_FLAG[rule_id]) <= set(EVIDENCE_BY_CRITERION[criterion]), rule_id


def test_contact_details_are_evidence_for_no_criterion():
    mapped = {name for answers in EVIDENCE_BY_CRITERION.values() for name in answers}
    assert not {"contact_name", "contact_email", "contact_phone", "consent_to_publish"} & mapped


@pytest.mark.parametrize("module", REVIEW_SCREEN_MODULES)
def test_the_review_screen_does_not_import_the_portal(module):
    tree = ast.parse((MODERATION / module).read_text())
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [name for name in imported if name == "portal" or name.startswith("portal.")]


def test_the_portal_registers_its_providers(db):
    from moderation import conflicts, red_flag_answers, submission_answers
    from portal import moderation_providers
    from portal.review_answers import answers_for_review

    assert submission_answers.answers_of.implementation is answers_for_review
    assert red_flag_answers.submission_flag_answers.implementation is moderation_providers.flag_answers
    assert conflicts.submitted_by.implementation is moderation_providers.submitted_by
    assert conflicts.pages_submitted_by.implementation is moderation_providers.pages_submitted_by
