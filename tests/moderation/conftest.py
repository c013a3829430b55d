"""Fixtures for the review road: the workflow, people in each role, and a submitted case."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from moderation.forms import note_field, override_field, rating_field
from moderation.models import Criterion
from moderation.setup import EDITORS, REVIEWERS, setup_moderation
from tests import factories

from .markers import mark_confidential_answers


@pytest.fixture
def workflow(db):
    return setup_moderation()


def staff(email: str, group: str, **fields: Any):
    from django.contrib.auth.models import Group

    person = factories.user(email, is_staff=True, **fields)
    person.groups.add(Group.objects.get(name=group))
    return person


@pytest.fixture
def reviewer(workflow):
    return staff("reviewer-one@review.example.org", REVIEWERS)


@pytest.fixture
def second_reviewer(workflow):
    return staff("reviewer-two@review.example.org", REVIEWERS)


@pytest.fixture
def editor(workflow):
    return staff("editor-one@review.example.org", EDITORS)


@pytest.fixture
def second_editor(workflow):
    return staff("editor-two@review.example.org", EDITORS)


@pytest.fixture
def administrator(workflow):
    return factories.user("admin@review.example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def submitted(workflow):
    """A complete submission handed to review through the portal."""
    from portal.submission import submit

    item = factories.complete_submission()
    submit(item, item.submitter)
    item.refresh_from_db()
    return item


def current_task_state(page) -> TaskState:
    state = WorkflowState.objects.for_instance(page).active().get()
    return state.current_task_state


def action_url(page, action: str, task_state: TaskState) -> str:
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def post_action(client, page, action: str, data: dict | None = None, task_state: TaskState | None = None):
    """POST a workflow action as the admin's modal does (AJAX); returns (response, json or None)."""
    task_state = task_state or current_task_state(page)
    response = client.post(action_url(page, action, task_state), data or {}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    try:
        payload = json.loads(response.content)
    except ValueError:
        payload = None
    return response, payload


def complete_assessment(task_state: TaskState, *, rating: str = "meets", overrides: dict[str, str] | None = None,
                        summary: str = "PUBLIC-REVIEW-SUMMARY The safeguards are proportionate.") -> dict[str, str]:
    from moderation.red_flag_answers import flags_for

    page = task_state.workflow_state.content_object.specific
    data = {"task_state_id": str(task_state.pk), "public_summary": summary,
            "risk_tier": str(factories.taxonomy(__import__("showcase.taxonomies", fromlist=["RiskTier"]).RiskTier,
                                               "high-risk-annex-iii").pk)}
    for criterion in Criterion.objects.active():
        data[rating_field(criterion.code)] = rating
        data[note_field(criterion.code)] = f"CONFIDENTIAL-NOTE {criterion.code}"
    for flag in flags_for(page):
        data[override_field(flag.rule)] = (overrides or {}).get(
            flag.rule, f"CONFIDENTIAL-OVERRIDE justified for {flag.rule} after checking the documents."
        )
    return data


@pytest.fixture
def marked(workflow):
    """A submitted case whose every confidential text answer holds a distinctive marker (set before submitting)."""
    from portal.submission import submit

    item = factories.complete_submission()
    markers = mark_confidential_answers(item)
    submit(item, item.submitter)
    item.refresh_from_db()
    item.markers = markers
    return item
