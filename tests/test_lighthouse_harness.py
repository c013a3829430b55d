"""bench/lighthouse.py's harness without Lighthouse (minutes long, never in `make test`): the pages it finds, its table."""

from __future__ import annotations

import pytest

from bench import lighthouse
from tests import factories, meeting_factories

pytestmark = pytest.mark.embedded


@pytest.mark.django_db(transaction=True)
def test_it_finds_the_five_pages_as_a_visitor_would(live_server):
    from tests.browser.conftest import restore_migrated_rows

    restore_migrated_rows()  # a transactional test that ran before on this worker flushed what migrate made
    case = factories.use_case(title="PUBLIC case")
    meeting = meeting_factories.meeting(title="PUBLIC meeting")
    found = lighthouse.pages(live_server.url)
    assert found == {"home": "/", "catalogue": "/cases/", "statistics": "/statistics/", "case": case.url,
                     "meeting": meeting.url}  # fmt: skip


def test_the_report_lists_scores_and_the_audits_that_lost_points():
    audit = lambda score: {"title": f"Audit {score}", "score": score}  # noqa: E731
    report = {
        "categories": {
            name: {"score": 1.0 if name != "seo" else 0.92, "auditRefs": [{"id": f"{name}-a", "weight": 1}]}
            for name in lighthouse.CATEGORIES
        },
        "audits": {f"{name}-a": audit(1 if name != "seo" else 0) for name in lighthouse.CATEGORIES},
    }
    assert lighthouse.lost_points(report) == ["seo: Audit 0 (0.00)"]
    table = lighthouse.report({"home": {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 92}},
                              {"home": lighthouse.lost_points(report)}, "served here", 1)  # fmt: skip
    assert "| home | 100 | 100 | 100 | 92 |" in table and "- home: seo: Audit 0 (0.00)" in table
