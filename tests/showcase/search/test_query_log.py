"""The catalogue's query log (no personal data), promoted cases first, and pruning old rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from showcase.models import QueryOutcome
from showcase.search import catalogue_search
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def database_only(settings):
    settings.ELASTICSEARCH_URL = ""


def test_catalogue_queries_are_logged_with_filters_and_zero_results_and_nothing_about_who(client, database_only):
    factories.use_case(title="Drone surveys for illegal logging", summary="Drones film protected forests.")
    client.force_login(factories.attendee())
    assert client.get("/cases/?q=  Drone   SURVEYS ").status_code == 200
    assert client.get("/cases/?q=drone+surveys").status_code == 200
    assert client.get("/cases/?q=drone+surveys&page=2").status_code == 200  # paging is not a new search
    assert client.get("/cases/?q=knitting+patterns&stage=pilot").status_code == 200

    drone = Query.objects.get(query_string="drone surveys")
    assert QueryDailyHits.objects.get(query=drone).hits == 2
    outcome = QueryOutcome.objects.get(query=drone)
    assert (outcome.searches, outcome.zero_results, outcome.last_result_count) == (2, 0, 1)
    knitting = QueryOutcome.objects.get(query__query_string="knitting patterns")
    assert (knitting.filters, knitting.zero_results) == ("stage=pilot", 1)
    # No column of the log can hold a person, an address or a session.
    for model in (Query, QueryDailyHits, QueryOutcome):
        columns = {c.name for c in connection.introspection.get_table_description(connection.cursor(), model._meta.db_table)}
        assert not columns & {"user_id", "ip", "ip_address", "session_key", "user_agent", "created_at"}, model


def test_the_outcome_follows_the_result_count_when_it_changes_and_counts_every_empty_search(client, database_only):
    """The outcome row is counted while the search runs and its result count set after, only when it changed."""
    assert client.get("/cases/?q=harbour+sonar").status_code == 200  # nothing yet: an empty search
    assert client.get("/cases/?q=harbour+sonar").status_code == 200
    outcome = QueryOutcome.objects.get(query__query_string="harbour sonar")
    assert (outcome.searches, outcome.zero_results, outcome.last_result_count) == (2, 2, 0)
    factories.use_case(title="Harbour sonar screening", summary="Sonar finds smuggling under hulls.")
    for _ in range(2):
        assert client.get("/cases/?q=harbour+sonar").status_code == 200
    outcome.refresh_from_db()
    assert (outcome.searches, outcome.zero_results, outcome.last_result_count) == (4, 2, 1)


def test_a_search_is_counted_in_one_statement_on_postgresql_and_counts_alike_everywhere(database_only):
    """While Elasticsearch answers, the log costs one round trip on PostgreSQL (three elsewhere), and counts the same."""
    from django.test.utils import CaptureQueriesContext

    from showcase.search import build_request
    from showcase.search.analytics import start_record

    search = build_request("Harbour  SONAR", {"stage": ["pilot"]})
    start_record(search)  # the first search of a question also creates it
    with CaptureQueriesContext(connection) as logged:
        start_record(search)
    assert len(logged) == (1 if connection.vendor == "postgresql" else 3), [q["sql"][:80] for q in logged]
    start_record(build_request("harbour sonar", {}))  # same question, no filters: its own outcome row
    question = Query.objects.get(query_string="harbour sonar")
    assert QueryDailyHits.objects.get(query=question).hits == 3
    assert {o.filters: o.searches for o in QueryOutcome.objects.filter(query=question)} == {"stage=pilot": 2, "": 1}


def test_hostile_query_text_is_logged_cut_and_harmless(client, database_only):
    assert client.get("/cases/", {"q": "<script>x</script>' OR 1=1 -- " + "z" * 400}).status_code == 200
    logged = Query.objects.get()
    assert len(logged.query_string) <= 255 and logged.query_string.startswith("<script>")


def test_promoted_cases_come_first_for_their_query_and_only_if_visible(database_only):
    plain = factories.use_case(title="Drone surveys for illegal logging", summary="Drones film forests.")
    promoted = factories.use_case(title="Forest crime overview", summary="Wildlife and timber crime.")
    hidden = factories.use_case(title="Covert forest watch", summary="Timber.", visibility="attendees")
    query = Query.get("drones")
    SearchPromotion.objects.create(query=query, page=hidden, sort_order=0)
    SearchPromotion.objects.create(query=query, page=promoted, sort_order=1)
    titles = [hit.title for hit in catalogue_search("Drones").hits]
    assert titles == [promoted.title, plain.title]
    assert [hit.title for hit in catalogue_search("drones", user=factories.attendee()).hits][:2] == [
        hidden.title,
        promoted.title,
    ]
    assert [hit.title for hit in catalogue_search("drone").hits] == [plain.title]  # another query: no promotion


def test_pruning_deletes_only_rows_past_the_retention_period(settings):
    settings.SEARCH_QUERY_RETENTION_DAYS = 30
    today = timezone.localdate()
    old, recent, pinned = Query.get("old question"), Query.get("recent question"), Query.get("pinned question")
    old.add_hit(today - timedelta(days=31))
    recent.add_hit(today - timedelta(days=29))
    pinned.add_hit(today - timedelta(days=40))
    SearchPromotion.objects.create(query=pinned, page=factories.use_case(), sort_order=0)
    QueryOutcome.objects.create(query=old, date=today - timedelta(days=31), searches=1)
    QueryOutcome.objects.create(query=recent, date=today - timedelta(days=29), searches=1)
    call_command("prune_search_queries", stdout=open("/dev/null", "w"))
    call_command("prune_search_queries", stdout=open("/dev/null", "w"))  # idempotent
    assert set(Query.objects.values_list("query_string", flat=True)) == {"recent question", "pinned question"}
    assert list(QueryOutcome.objects.values_list("query__query_string", flat=True)) == ["recent question"]
    assert not QueryDailyHits.objects.filter(date__lt=today - timedelta(days=30)).exists()
    assert isinstance(today, date)


def test_a_search_without_promotions_reads_none_and_a_new_promotion_applies_at_once(database_only):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from showcase.models.catalogue_stamp import current_stamp
    from showcase.search.analytics import promoted_ids
    from showcase.search.stamp import stamp_known

    promoted = factories.use_case(title="Forest crime overview", summary="Wildlife and timber crime.")
    promoted_ids("drone", None)  # the promoted questions read once for this stamp
    with stamp_known(current_stamp()), CaptureQueriesContext(connection) as read:
        assert promoted_ids("drone", None) == []
    assert not [q for q in read.captured_queries if "searchpromotion" in q["sql"]]
    SearchPromotion.objects.create(query=Query.get("Drone"), page=promoted, sort_order=0)  # moves the stamp
    assert promoted_ids("drone", None) == [promoted.pk]
    SearchPromotion.objects.all().delete()
    assert promoted_ids("drone", None) == []
