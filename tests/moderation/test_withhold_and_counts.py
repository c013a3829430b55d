"""Honest counts (issue 15.6): a reviewed case withheld from publication, and the counts on the statistics page and API.

Numbers only: the withheld case's title appears nowhere public.
"""

from __future__ import annotations

import pytest

from moderation.models import Assessment
from portal.models import Status, Submission
from showcase.models import UseCasePage

from .conftest import complete_assessment, current_task_state, post_action

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

SECRET_TITLE = "Covert unit WITHHELD-TITLE-MARKER"


def test_a_signed_off_review_can_be_withheld_with_a_reason_code_and_is_counted_not_named(
    client, submitted, reviewer, editor
):
    page = submitted.page
    UseCasePage.objects.filter(pk=page.pk).update(title=SECRET_TITLE, draft_title=SECRET_TITLE)
    client.force_login(reviewer)
    post_action(client, page, "approve", complete_assessment(current_task_state(page)))
    client.force_login(editor)
    sign_off = current_task_state(page)
    post_action(client, page, "withhold", {"reason": "x"}, task_state=sign_off)  # no reason code: refused
    assert not Assessment.objects.filter(decision=Assessment.WITHHELD).exists()
    post_action(client, page, "withhold", {"withhold_reason": "operational_security",
                                             "reason": "Withheld: an ongoing operation."}, task_state=sign_off)
    decision = Assessment.objects.get(decision=Assessment.WITHHELD)
    assert decision.withhold_reason == "operational_security"
    page.refresh_from_db()
    assert not page.live
    submitted.refresh_from_db()
    assert submitted.status == Status.DECLINED  # final for the submitter, with the editors' message

    Submission.objects.create(submitter=submitted.submitter, page=None, status=Status.WITHDRAWN)
    client.logout()
    html = client.get("/statistics/").content.decode()
    assert "Reviewed but withheld from publication</th><td>1</td>" in html
    assert "Operational security</th><td>1</td>" in html and "Legal restriction</th><td>0</td>" in html
    assert "Withdrawn by the submitter</th><td>1</td>" in html
    assert "Declined</th><td>0</td>" in html and "Submitted for review</th><td>1</td>" in html
    api = client.get("/api/v1/statistics/pipeline/", HTTP_HOST="localhost").json()
    assert api == {"submitted": 1, "in_review": 0, "declined": 0, "withdrawn": 1, "published": 0, "withheld": 1,
                   "withheld_by_reason": {"operational_security": 1}}
    assert "WITHHELD-TITLE-MARKER" not in html and "WITHHELD-TITLE-MARKER" not in str(api)
    assert "WITHHELD-TITLE-MARKER" not in client.get("/api/v1/cases/", HTTP_HOST="localhost").content.decode()
