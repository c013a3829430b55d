"""``manage.py run_scheduler``: due jobs run, a failing job stops no other, intervals hold, no overlap, SIGTERM stops.

The jobs are real management commands: ``check`` succeeds and says so; ``check``
of an app that does not exist fails with a CommandError.
"""

from __future__ import annotations

import os
import signal
import threading
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from portal import scheduler
from portal.models import ScheduledJobRun

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

T0 = datetime(2026, 12, 7, 13, 0, tzinfo=dt_timezone.utc)
OK = ("check", (), 60)
FAILING = ("check", ("no_such_app",), 300)


def runs(name: str) -> int:
    row = ScheduledJobRun.objects.filter(name=name).first()
    return row.runs if row else 0


def run_once(capsys) -> str:
    call_command("run_scheduler", "--once")
    return capsys.readouterr().out


def outcomes(out: str) -> list[str]:
    """The scheduler's one line per job run (the jobs' own output left aside)."""
    return [line for line in out.splitlines() if line.endswith((": ok", ": failed", ": skipped"))]


def test_once_runs_every_due_job(settings, capsys):
    settings.SCHEDULED_JOBS = [OK, ("check", ("portal",), 120)]
    with time_machine.travel(T0, tick=False):
        out = run_once(capsys)
    assert "System check identified no issues" in out
    assert "check: ok" in out and "check portal: ok" in out
    row = ScheduledJobRun.objects.get(name="check")
    assert (row.runs, row.last_succeeded, row.last_started_at, row.running_since) == (1, True, T0, None)


def test_a_failing_job_is_logged_and_stops_no_other(settings, capsys, caplog):
    settings.SCHEDULED_JOBS = [FAILING, OK]
    with time_machine.travel(T0, tick=False), pytest.raises(CommandError, match="1 scheduled job.* failed: check no_such_app"):
        call_command("run_scheduler", "--once")
    out = capsys.readouterr().out
    assert "check no_such_app: failed" in out and "check: ok" in out
    failed = ScheduledJobRun.objects.get(name="check no_such_app")
    assert failed.last_succeeded is False and "no_such_app" in failed.last_error and failed.running_since is None
    assert runs("check") == 1
    assert any("check no_such_app failed" in r.getMessage() and r.exc_info for r in caplog.records)


def test_intervals_are_respected_with_a_frozen_clock(settings, capsys):
    settings.SCHEDULED_JOBS = [OK, ("check", ("portal",), 300)]
    with time_machine.travel(T0, tick=False) as clock:
        run_once(capsys)
        clock.move_to(T0 + timedelta(seconds=59))
        assert run_once(capsys) == ""  # nothing due yet: nothing run, nothing said
        clock.move_to(T0 + timedelta(seconds=60))
        assert outcomes(run_once(capsys)) == ["check: ok"]
        clock.move_to(T0 + timedelta(seconds=300))
        assert outcomes(run_once(capsys)) == ["check: ok", "check portal: ok"]
    assert (runs("check"), runs("check portal")) == (3, 2)


def test_a_job_claimed_by_another_process_is_not_run_again(settings, capsys):
    settings.SCHEDULED_JOBS = [OK]
    job = scheduler.configured_jobs()[0]
    with time_machine.travel(T0, tick=False) as clock:
        assert scheduler.claim(job, T0)  # another scheduler started it and is still running
        assert not scheduler.claim(job, T0)
        clock.move_to(T0 + timedelta(minutes=5))
        assert outcomes(run_once(capsys)) == ["check: skipped"]
        assert runs("check") == 0
        # A claim older than the timeout was left by a process that died: it is taken over.
        clock.move_to(T0 + scheduler.job_timeout() + timedelta(seconds=1))
        assert outcomes(run_once(capsys)) == ["check: ok"]
    assert runs("check") == 1


@pytest.mark.parametrize("entry, message", [
    (("no_such_command", (), 60), "no management command"),
    (("check", (), 0), "interval"),
    (("check", (), "60"), "interval"),
])
def test_a_wrong_job_list_is_refused_at_start(settings, entry, message):
    settings.SCHEDULED_JOBS = [entry]
    with pytest.raises(CommandError, match=message):
        call_command("run_scheduler", "--once")


def test_the_settings_list_runs_publish_scheduled(capsys):
    with time_machine.travel(T0, tick=False):
        assert "publish_scheduled: ok" in run_once(capsys)


@pytest.mark.skipif(os.name != "posix", reason="signals")
@pytest.mark.django_db(transaction=True)  # the loop closes stale connections, as a long-lived process must
def test_sigterm_stops_the_loop_after_the_job_under_way(settings, migrated_rows):
    settings.SCHEDULED_JOBS = [OK]
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    finished = threading.Event()
    # The signal arrives while the loop waits for the next run (60 s away): it must end at once.
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        call_command("run_scheduler")
        finished.set()
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert finished.is_set()
    row = ScheduledJobRun.objects.get(name="check")
    assert row.runs == 1 and row.running_since is None
