"""Review rounds: the answers kept when each round starts, and the field-by-field changes shown on resubmission."""

from __future__ import annotations

import re

from django.http import QueryDict
from django.urls import reverse

from moderation.models import AnswerSnapshot
from moderation.rounds import compare
from moderation.submission_answers import CONFIDENTIAL, PUBLIC, Answer
from tests import factories

from .conftest import current_task_state, post_action


def change_answers(item, step_slug: str, **changes):
    """The submitter saves one wizard step with its stored answers, except ``changes`` (as the wizard posts them)."""
    from portal import submission as services
    from portal.wizard import step_for

    step = step_for(step_slug)
    stored = services.form_for(step, item)
    query = QueryDict(mutable=True)
    for name in stored.fields:
        value = changes.get(name, stored[name].value())
        values = value if isinstance(value, (list, tuple)) else [value]
        query.setlist(name, [str(getattr(v, "pk", v)) for v in values if v not in (None, "")])
    form = services.form_for(step, item, query)
    assert form.is_valid(), form.errors
    return services.save_step(item, item.submitter, form)


def resubmit_with(item, step_slug: str, **changes) -> None:
    from portal.submission import submit

    submit(change_answers(item, step_slug, **changes), item.submitter)


def change_rows(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-change="([\w_]+)">(.*?)</tr>', html, re.S))


def test_each_review_round_keeps_the_answers_it_started_with(marked, reviewer, client):
    first = AnswerSnapshot.objects.get(page=marked.page)
    assert first.task_state == current_task_state(marked.page)
    kept = {row["name"]: row for row in first.answers}
    assert kept["legal_basis_detail"]["value"] == marked.markers["legal_basis_detail"]
    assert kept["legal_basis_detail"]["visibility"] == CONFIDENTIAL
    assert kept["problem"]["visibility"] == PUBLIC
    client.force_login(reviewer)
    post_action(client, marked.page, "request_changes", {"message": "Say how long images are kept."})
    marked.refresh_from_db()
    resubmit_with(marked, "technology", retention_period="30 days, then deleted")
    assert AnswerSnapshot.objects.filter(page=marked.page).count() == 2


def test_a_resubmission_shows_what_changed_field_by_field(marked, reviewer, client):
    client.force_login(reviewer)
    post_action(client, marked.page, "request_changes", {"message": "Say how long images are kept."})
    marked.refresh_from_db()
    # A confidential detail on one step; a confidential and a summary answer on another.
    item = change_answers(marked, "oversight", audit_detail="Audited yearly by the inspectorate.")
    resubmit_with(item, "technology", retention_period="30 days, then deleted",
                  data_summary="PUBLIC-data Plate images only; deleted after 30 days.")

    html = client.get(reverse("moderation:evidence", args=[marked.page.pk])).content.decode()
    assert "Round 2: resubmitted after a request for changes." in html
    assert "Say how long images are kept." in html  # the request, beside the changes
    rows = change_rows(html)
    assert set(rows) == {"retention_period", "data_summary", "audit_detail"}
    assert marked.markers["retention_period"] in rows["retention_period"]
    assert "30 days, then deleted" in rows["retention_period"]
    assert "Confidential" in rows["retention_period"] and "Summary published" in rows["data_summary"]
    assert 'class="addition"' in rows["audit_detail"] and 'class="deletion"' in rows["audit_detail"]
    # The changed answers are marked where they stand as evidence too.
    retention = re.search(r'data-answer="retention_period">(.*?)</div>', html, re.S).group(1)
    assert "Changed since the round before" in retention
    problem = re.search(r'data-answer="problem">(.*?)</div>', html, re.S).group(1)
    assert "Changed since the round before" not in problem


def test_a_resubmission_without_changes_says_so(marked, reviewer, client):
    client.force_login(reviewer)
    post_action(client, marked.page, "request_changes", {"message": "Check everything once more."})
    marked.refresh_from_db()
    resubmit_with(marked, "technology")
    html = client.get(reverse("moderation:evidence", args=[marked.page.pk])).content.decode()
    assert "Round 2" in html and "No answer changed." in html


def test_a_round_whose_answers_were_not_kept_says_so(marked, reviewer, client):
    client.force_login(reviewer)
    post_action(client, marked.page, "request_changes", {"message": "More detail please."})
    AnswerSnapshot.objects.all().delete()  # e.g. a case submitted before snapshots existed
    marked.refresh_from_db()
    resubmit_with(marked, "technology", retention_period="45 days")
    html = client.get(reverse("moderation:evidence", args=[marked.page.pk])).content.decode()
    assert "were not recorded, so the changes cannot be shown" in html


def test_the_first_round_has_nothing_to_compare(marked, reviewer, client):
    client.force_login(reviewer)
    html = client.get(reverse("moderation:evidence", args=[marked.page.pk])).content.decode()
    assert "None: this is the first round of review of this case." in html
    assert "Changed since the round before" not in html


def test_compare_reports_changed_added_and_removed_answers_in_order():
    before = [Answer("a", "A", "one", PUBLIC), Answer("b", "B", "two", CONFIDENTIAL), Answer("c", "C", "gone", PUBLIC)]
    after = [Answer("a", "A", "one", PUBLIC), Answer("b", "B", "three", CONFIDENTIAL), Answer("d", "D", "new", PUBLIC)]
    changes = compare(before, after)
    assert [(c.name, c.kind) for c in changes] == [("b", "changed"), ("d", "added"), ("c", "removed")]
    assert "&lt;b&gt;" in compare([Answer("x", "X", "", PUBLIC)], [Answer("x", "X", "<b>", PUBLIC)])[0].diff_html


def test_a_failing_provider_never_stops_a_submission(workflow, monkeypatch):
    from moderation import submission_answers
    from portal.models import Status
    from portal.submission import submit

    def broken(page):
        raise RuntimeError("provider down")

    monkeypatch.setattr(submission_answers.answers_of, "implementation", broken)
    item = factories.complete_submission()
    submit(item, item.submitter)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert not AnswerSnapshot.objects.exists()
