"""The call window's rows (default site, its ``CallWindow``, the meetings' call dates) are read once per catalogue
stamp (issue 20.4); a change made by another worker shows at once, and the window opens and closes on time.

"Another worker" is simulated as it would look from this process: the rows are changed behind the memo
(queryset ``update``: no signal reaches this process's memo) and the stamp is moved, as the other process's
save did in its transaction (``showcase.stamp_signals``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone as dt_timezone

import pytest
from wagtail.models import Site

from portal.models.call_window import CallWindow, window_for
from showcase.models import MeetingPage, MeetingSession
from showcase.models.catalogue_stamp import bump_stamp, current_stamp
from tests import factories
from tests import meeting_factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]
UTC = dt_timezone.utc
OPENS = datetime(2030, 4, 1, 9, tzinfo=UTC)
CLOSES = datetime(2030, 5, 1, 17, tzinfo=UTC)
INSIDE = datetime(2030, 4, 15, tzinfo=UTC)


@pytest.fixture
def meeting():
    return mf.meeting(title="Call", start=date(2030, 6, 1), end=date(2030, 6, 2), time_zone="UTC",
                      sessions=[(date(2030, 6, 1), time(14), time(15))],
                      submissions_open_at=OPENS, submissions_close_at=CLOSES)


def test_a_call_closed_in_another_worker_shows_at_once(meeting):
    assert window_for(None, now=INSIDE).is_open  # remembered under the current stamp
    MeetingPage.objects.filter(pk=meeting.pk).update(submissions_close_at=INSIDE - timedelta(days=1))
    assert window_for(None, now=INSIDE).is_open, "the memo serves this stamp (else this test proves nothing)"
    bump_stamp()
    window = window_for(None, now=INSIDE)
    assert not window.is_open and window.closes_at == INSIDE - timedelta(days=1)


def test_a_setting_changed_in_another_worker_shows_at_once():
    # No meeting: the site setting's dates decide.
    window = CallWindow.for_site(Site.objects.get(is_default_site=True))
    window.opens_at, window.closes_at = OPENS, CLOSES
    window.save()
    assert window_for(None, now=INSIDE).is_open
    CallWindow.objects.filter(pk=window.pk).update(closes_at=INSIDE - timedelta(hours=1))
    assert window_for(None, now=INSIDE).is_open, "the memo serves this stamp (else this test proves nothing)"
    bump_stamp()
    assert not window_for(None, now=INSIDE).is_open


def test_a_session_moved_late_in_another_worker_keeps_its_meeting_current(meeting):
    """The meetings' rows include the last session's end: a session moved later shows once the stamp moves."""
    nxt = mf.meeting(title="After", start=date(2030, 9, 1), end=date(2030, 9, 2),
                     submissions_open_at=datetime(2030, 7, 1, tzinfo=UTC), submissions_close_at=None)
    after_the_meeting = datetime(2030, 6, 3, 12, tzinfo=UTC)
    assert window_for(None, now=after_the_meeting).opens_at == nxt.submissions_open_at
    session = MeetingSession.objects.get(page=meeting)
    MeetingSession.objects.filter(pk=session.pk).update(ends_at=after_the_meeting + timedelta(hours=1))
    bump_stamp()
    assert window_for(None, now=after_the_meeting).opens_at == OPENS  # the first meeting is current again


def test_the_window_opens_and_closes_at_its_moment_under_one_stamp(meeting):
    stamp = current_stamp()
    assert not window_for(None, now=OPENS - timedelta(microseconds=1)).is_open
    assert window_for(None, now=OPENS).is_open
    assert window_for(None, now=CLOSES - timedelta(microseconds=1)).is_open
    assert not window_for(None, now=CLOSES).is_open
    assert current_stamp() == stamp  # one stamp throughout: the moment, not the memo, decided


def test_the_saves_the_window_reads_move_the_stamp(meeting):
    """What keeps the memo honest: a save of the setting, of a session, of a live meeting each moves the stamp."""
    window = CallWindow.for_site(Site.objects.get(is_default_site=True))
    session = MeetingSession.objects.get(page=meeting)
    for save in (window.save, session.save, lambda: meeting.save_revision().publish()):
        before = current_stamp()
        save()
        assert current_stamp() != before, save


def test_a_late_submitter_is_still_read_per_person():
    window = CallWindow.for_site(Site.objects.get(is_default_site=True))
    window.closes_at = INSIDE - timedelta(days=1)
    window.save()
    late, other = factories.submitter(), factories.submitter()
    window.late_submitters.add(late)  # no stamp needed: who may submit late is not remembered
    assert window_for(late, now=INSIDE).is_open and window_for(late, now=INSIDE).late_allowed
    assert not window_for(other, now=INSIDE).is_open
