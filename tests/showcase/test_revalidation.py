"""Re-validation on the public side: the review-due day, "may be out of date" (page, facet, API, export), retired cases.

The clock is frozen with time-machine; the facet is checked on both search
backends (the Elasticsearch one compares the indexed day with the application's
today, so the frozen clock holds there too).
"""

from __future__ import annotations

from datetime import date, datetime, timezone as dt_timezone

import pytest
import time_machine

from showcase.models import UseCasePage
from showcase.review_dates import add_months, due_after, is_out_of_date
from showcase.revalidation import confirm_still_accurate, retire_case, set_review_interval
from showcase.search import catalogue_search
from showcase.taxonomies import DeploymentStage
from tests import factories
from tests.showcase.api.conftest import api, body, csv_rows, json_export  # noqa: F401
from tests.showcase.search.conftest import _closed_breaker, backend, catalogue_index, index_if_needed  # noqa: F401

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 1, 15, 9, 0, tzinfo=dt_timezone.utc)


def dated_case(title: str, due: date, confirmed: date = date(2025, 6, 1)) -> UseCasePage:
    page = factories.use_case(title=title)
    UseCasePage.objects.filter(pk=page.pk).update(review_due=due, last_confirmed=confirmed)
    page.refresh_from_db()
    return page


def test_month_arithmetic_keeps_the_day_or_the_last_day_of_a_short_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 12) == date(2027, 11, 15)
    assert due_after(date(2026, 3, 1), None) == date(2027, 3, 1)
    assert not is_out_of_date(date(2026, 3, 1), on=date(2026, 3, 1))
    assert is_out_of_date(date(2026, 3, 1), on=date(2026, 3, 2))
    assert not is_out_of_date(None, on=date(2030, 1, 1))


@pytest.mark.embedded
def test_first_publication_starts_the_clock_from_the_publication_day():
    with time_machine.travel(PUBLISHED, tick=False):
        page = factories.use_case(title="Clock case", via_revision=True, first_published_at=None)
    page.refresh_from_db()
    assert page.last_confirmed == date(2026, 1, 15)
    assert page.review_due == date(2027, 1, 15)


@pytest.mark.embedded
def test_a_shorter_interval_and_a_confirmation_renew_the_day_and_are_logged():
    page = factories.use_case(title="Risky case")
    with time_machine.travel(PUBLISHED, tick=False):
        assert set_review_interval(page, 3) == date(2026, 4, 15)
    with time_machine.travel(datetime(2026, 5, 1, 12, tzinfo=dt_timezone.utc), tick=False):
        page.refresh_from_db()
        assert page.may_be_out_of_date
        assert confirm_still_accurate(page, None) == date(2026, 8, 1)
        page.refresh_from_db()
        assert not page.may_be_out_of_date and page.last_confirmed == date(2026, 5, 1)
    from wagtail.models import PageLogEntry

    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"showcase.review_due", "showcase.confirm_accurate"} <= actions


@pytest.mark.embedded
def test_publishing_a_revision_keeps_the_live_review_dates():
    page = dated_case("Kept dates", date(2027, 2, 1), date(2026, 2, 1))
    page.summary = "An edited summary."
    page.save_revision().publish()
    page = UseCasePage.objects.get(pk=page.pk)
    assert (page.review_due, page.last_confirmed) == (date(2027, 2, 1), date(2026, 2, 1))


def test_the_case_page_says_may_be_out_of_date_only_after_the_due_day(client):
    page = dated_case("Stale <b>case</b>", date(2026, 6, 30), date(2025, 6, 30))
    with time_machine.travel(datetime(2026, 6, 30, 12, tzinfo=dt_timezone.utc), tick=False):
        assert "may be out of date" not in client.get(page.url).content.decode()
    with time_machine.travel(datetime(2026, 7, 1, 12, tzinfo=dt_timezone.utc), tick=False):
        html = client.get(page.url).content.decode()
    assert "This case may be out of date — last confirmed" in html
    assert '<time datetime="2025-06-30">30 June 2025</time>' in html


def test_the_facet_api_and_export_mark_the_out_of_date_case(backend, request, api):  # noqa: F811
    stale = dated_case("Stale case", date(2026, 6, 30))
    fresh = dated_case("Fresh case", date(2026, 12, 31))
    index_if_needed(backend, request)
    with time_machine.travel(datetime(2026, 7, 1, 12, tzinfo=dt_timezone.utc), tick=False):
        choose = {"database": "database"}.get(backend)
        results = catalogue_search(filters={"review": ["out-of-date"]}, backend=choose)
        assert results.backend == backend
        assert results.ids == [stale.pk]
        assert results.facet_counts["review"] == {"out-of-date": 1, "current": 1}
        current = catalogue_search(filters={"review": ["current"]}, backend=choose)
        assert current.ids == [fresh.pk]
        listed = {item["id"]: item for item in api.get("/api/v1/cases/").json()["results"]}
        rows = {int(row["id"]): row for row in csv_rows(api.get("/api/v1/export/cases.csv"))}
        exported = {case["id"]: case for case in json_export(api.get("/api/v1/export/cases.json"))["cases"]}
    assert listed[stale.pk]["may_be_out_of_date"] is True and listed[fresh.pk]["may_be_out_of_date"] is False
    assert listed[stale.pk]["review_due"] == "2026-06-30"
    assert rows[stale.pk]["may_be_out_of_date"] == "true" and rows[fresh.pk]["may_be_out_of_date"] == "false"
    assert exported[stale.pk]["may_be_out_of_date"] is True


def test_a_retired_case_stays_readable_and_searchable(backend, request, client):  # noqa: F811
    factories.taxonomy(DeploymentStage, "retired")
    page = factories.use_case(title="Plate reader archive", summary="A retired plate reader.")
    owner = factories.user()
    retire_case(page, "Replaced by a <script>alert(1)</script> newer system.", owner)
    index_if_needed(backend, request)
    page = UseCasePage.objects.get(pk=page.pk)
    assert page.live and page.deployment_stage.slug == "retired"
    results = catalogue_search("plate reader", filters={"stage": ["retired"]},
                               backend={"database": "database"}.get(backend))
    assert page.pk in results.ids
    html = client.get(page.url).content.decode()
    assert "Retired" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_editors_see_the_overdue_cases_in_the_admin(client):
    stale = dated_case("Overdue <em>case</em>", date(2026, 6, 1))
    dated_case("Current case", date(2027, 6, 1))
    assert client.get("/admin/revalidation-due/").status_code == 302  # not for the public
    client.force_login(factories.user(groups=("Editors",)))
    with time_machine.travel(datetime(2026, 7, 1, 12, tzinfo=dt_timezone.utc), tick=False):
        html = client.get("/admin/revalidation-due/").content.decode()
    overdue = html.split("Due in the next 30 days")[0]
    assert "Overdue &lt;em&gt;case&lt;/em&gt;" in overdue and "Current case" not in overdue
    assert f"/admin/pages/{stale.pk}/edit/" in overdue and "<td>30</td>" in overdue
