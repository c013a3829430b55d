"""The "Go live at" field of the approvals: its zone, the time it offers, and what it refuses (issue 14.4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from moderation.go_live import GoLiveField, default_go_live, go_live_zone
from moderation.models import Assessment
from showcase.models import MeetingSession
from tests.meeting_factories import meeting

from .conftest import complete_assessment, current_task_state, post_action

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

NOW = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
VIENNA = ZoneInfo("Europe/Vienna")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def field(zone: ZoneInfo = VIENNA) -> GoLiveField:
    return GoLiveField(zone=zone, required=False)


def test_a_time_is_read_in_the_meetings_zone_and_stored_in_utc(clock):
    assert field().clean("2030-03-04T14:00") == datetime(2030, 3, 4, 13, 0, tzinfo=UTC)
    # After the spring change (31 March 2030) Vienna is UTC+2.
    assert field().clean("2030-04-02 14:00") == datetime(2030, 4, 2, 12, 0, tzinfo=UTC)
    assert field(ZoneInfo("America/New_York")).clean("2030-03-04T14:00") == datetime(2030, 3, 4, 19, tzinfo=UTC)
    # What the page editor posts back (JSON of the cleaned data): an aware ISO time, kept as it is.
    assert field().clean("2030-03-04T13:00:00Z") == datetime(2030, 3, 4, 13, 0, tzinfo=UTC)
    assert field().clean("") is None


def test_the_widget_shows_the_time_in_the_meetings_zone():
    html = field().widget.render("go_live_at", field().prepare_value(datetime(2030, 3, 4, 13, tzinfo=UTC)))
    assert 'type="datetime-local"' in html and 'value="2030-03-04T14:00"' in html


@pytest.mark.parametrize("value, message", [
    ("2030-03-01T09:59", "This time has passed"),  # 08:59 UTC, a minute ago
    ("2020-01-01T00:00", "This time has passed"),
    ("2034-01-01T00:00", "within the next three years"),
    ("9999-12-31T23:59", "within the next three years"),
    ("0001-01-01T00:00", "Enter a date and time"),
    ("2030-03-31T02:30", "may be ambiguous or it may not exist"),  # skipped by the spring change in Vienna
    ("2030-10-27T02:30", "may be ambiguous or it may not exist"),  # repeated by the autumn change
    ("2030-02-30T10:00", "Enter a valid date/time"),
    ("2030-03-04", "Enter a date and time"),  # a day without a time: not midnight by surprise
    ("tomorrow", "Enter a date and time"),
    ("2030-03-04T14:00\x00", "Enter a date and time"),
    ("2030-03-04T14:00\u202e", "Enter a date and time"),
    ("２０３０-03-04T14:00", "Enter a date and time"),  # full-width digits
    ("'; DROP TABLE wagtailcore_revision; --", "Enter a date and time"),
    ("2030-03-04T14:00" + "0" * 5000, "Enter a date and time"),
    (["2030-03-04T14:00"], "Enter a date and time"),
    ({"$gt": ""}, "Enter a date and time"),
])
def test_past_impossible_and_hostile_times_are_refused_with_a_clear_message(clock, value, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        field().clean(value)
    assert any(message in text for text in refused.value.messages), refused.value.messages


def test_zone_and_default_follow_the_meeting(clock, settings):
    settings.TIME_ZONE = "UTC"
    assert go_live_zone().key == "UTC" and default_go_live(None) is None  # no meeting: the site's zone, no default
    current = meeting(start=date(2030, 3, 4), end=date(2030, 3, 8), time_zone="Asia/Singapore")
    assert go_live_zone().key == "Asia/Singapore"
    assert default_go_live(None) == datetime(2030, 3, 4, 6, 0, tzinfo=UTC)  # 14:00 in Singapore (UTC+8)
    clock.move_to(datetime(2030, 3, 5, 0, 0, tzinfo=UTC))
    assert default_go_live(None) is None  # the opening has passed: nothing is offered
    assert current.pk


def test_a_spotlighted_case_is_offered_its_sessions_start(clock, submitted, reviewer, client):
    page = submitted.page
    meeting(
        start=date(2030, 3, 4), end=date(2030, 3, 8), time_zone="Europe/Vienna",
        sessions=[(date(2030, 3, 4), time(14), time(15)), (date(2030, 3, 6), time(16, 30), time(18))],
        spotlight={1: [page]},
    )
    assert MeetingSession.objects.filter(spotlight_cases=page).count() == 1
    assert default_go_live(page) == datetime(2030, 3, 6, 15, 30, tzinfo=UTC)
    client.force_login(reviewer)
    screen = client.get(reverse("moderation:evidence", args=[page.pk])).content.decode()
    assert 'value="2030-03-06T16:30"' in screen and "(Europe/Vienna)" in screen


def test_a_past_time_posted_to_either_screen_is_refused_and_nothing_is_decided(clock, submitted, reviewer, client):
    page = submitted.page
    meeting(start=date(2030, 3, 4), end=date(2030, 3, 8), time_zone="Europe/Vienna")
    client.force_login(reviewer)
    task_state = current_task_state(page)
    data = complete_assessment(task_state) | {"go_live_at": "2030-02-28T10:00"}
    response = client.post(reverse("moderation:evidence", args=[page.pk]), data | {"action": "approve"})
    assert response.status_code == 200 and "This time has passed" in response.content.decode()
    response, payload = post_action(client, page, "approve", data)  # Wagtail's modal
    assert payload["step"] != "success" and "This time has passed" in payload["html"]
    assert not Assessment.objects.filter(page=page).exists()


def test_the_signing_editor_may_change_or_clear_the_proposal(clock, submitted, reviewer, editor, client):
    page = submitted.page
    client.force_login(reviewer)
    task_state = current_task_state(page)
    post_action(client, page, "approve", complete_assessment(task_state) | {"go_live_at": "2030-03-04T14:00"})
    client.force_login(editor)
    screen = client.get(reverse("moderation:evidence", args=[page.pk])).content.decode()
    assert 'value="2030-03-04T14:00"' in screen  # the reviewer's proposal, offered (no meeting: the site's zone, UTC)
    response, payload = post_action(client, page, "approve", {"comment": "", "go_live_at": ""})
    assert payload["step"] == "success", response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.live and page.scheduled_revision is None  # cleared: published at once
