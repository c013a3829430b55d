"""The one scheduler of periodic work: runs each command of ``settings.SCHEDULED_JOBS`` on its interval.

A job is an idempotent management command with arguments and an interval in
seconds. ``manage.py run_scheduler`` (the docker-compose ``scheduler``
service) loops forever; ``--once`` runs every job that is due and exits (for
tests and for people who prefer cron). The rules, each for a reason:

* **due** — a job is due when it never ran or its last start is at least its
  interval ago. The last start is stored (``ScheduledJobRun``), so a restart or
  a cron ``--once`` keeps the rhythm instead of running everything again.
* **no overlap** — a run begins by claiming the job's row with one conditional
  UPDATE; a second scheduler (a replica, a cron run beside the service) finds it
  claimed and skips it. Jobs run one after another in one process, so a process
  never overlaps itself. A claim older than ``SCHEDULED_JOB_TIMEOUT`` seconds is
  taken to be left by a crashed process and may be taken over.
* **one failure stops nothing** — an exception is logged with its traceback and
  stored on the row; the other jobs still run, and the job is tried again after
  its interval.
* **graceful stop** — SIGTERM (``docker compose stop``) or SIGINT lets the job
  under way finish, then the loop ends; the wait between runs wakes at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from .models import ScheduledJobRun

logger = logging.getLogger(__name__)

#: A claim older than this (seconds) was left by a process that died mid-run.
DEFAULT_JOB_TIMEOUT = 3600
#: The longest the loop sleeps before looking again (so a clock change or a new row is noticed).
MAX_SLEEP = 30.0


@dataclass(frozen=True)
class Job:
    command: str
    args: tuple[str, ...]
    interval: int  # seconds

    @property
    def name(self) -> str:
        """The row's key: the command with its arguments (the same command may run with two argument sets)."""
        return " ".join((self.command, *self.args))[:100]


@dataclass(frozen=True)
class RunResult:
    job: Job
    outcome: str  # "ok", "failed" or "skipped" (claimed by another process)
    error: str = ""


def configured_jobs() -> list[Job]:
    """The jobs of ``settings.SCHEDULED_JOBS``, checked: a known command, a positive interval."""
    jobs = []
    known = get_commands()
    for entry in getattr(settings, "SCHEDULED_JOBS", []):
        command, args, interval = entry
        if command not in known:
            raise CommandError(f"SCHEDULED_JOBS names {command!r}, which is no management command.")
        if not isinstance(interval, int) or interval <= 0:
            raise CommandError(f"SCHEDULED_JOBS gives {command!r} the interval {interval!r}: use whole seconds > 0.")
        jobs.append(Job(command, tuple(str(arg) for arg in args), interval))
    return jobs


def job_timeout() -> timedelta:
    return timedelta(seconds=getattr(settings, "SCHEDULED_JOB_TIMEOUT", DEFAULT_JOB_TIMEOUT))


def next_due(job: Job, now: datetime) -> datetime:
    """When ``job`` is next due (``now`` or earlier when it is due already)."""
    row = ScheduledJobRun.objects.filter(name=job.name).values("last_started_at").first()
    if row is None or row["last_started_at"] is None:
        return now
    return row["last_started_at"] + timedelta(seconds=job.interval)


def overdue(jobs: Iterable[Job], now: datetime, grace: timedelta) -> tuple[int, int]:
    """(jobs seen running at least once, jobs among them overdue by more than ``grace`` and not running now).

    Overdue means the scheduler stopped (or every run of the job is refused a claim): what /healthz reports.
    """
    jobs = list(jobs)
    rows = {row.name: row for row in ScheduledJobRun.objects.filter(name__in=[job.name for job in jobs])}
    seen = late = 0
    for job in jobs:
        row = rows.get(job.name)
        if row is None or row.last_started_at is None:
            continue
        seen += 1
        running = row.running_since is not None and row.running_since >= now - job_timeout()
        if not running and row.last_started_at + timedelta(seconds=job.interval) + grace < now:
            late += 1
    return seen, late


def claim(job: Job, now: datetime) -> bool:
    """Take the job's run for this process when it is due and nobody runs it (one UPDATE: atomic)."""
    ScheduledJobRun.objects.get_or_create(name=job.name)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - timedelta(seconds=job.interval))
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - job_timeout())
    return bool(ScheduledJobRun.objects.filter(due, free, name=job.name).update(running_since=now, last_started_at=now))


def _finish(job: Job, error: str) -> None:
    row = ScheduledJobRun.objects.get(name=job.name)
    row.running_since = None
    row.last_finished_at = timezone.now()
    row.last_succeeded = not error
    row.last_error = error[:5000]
    row.runs += 1
    row.failures += 1 if error else 0
    row.save()


def run_job(job: Job) -> RunResult:
    """Claim and run one job if it is due; never raises for the job's own failure."""
    if not claim(job, timezone.now()):
        return RunResult(job, "skipped")
    logger.debug("Scheduled job %s: starting", job.name)
    try:
        call_command(job.command, *job.args)
    except (Exception, SystemExit) as exc:  # one job's failure must not stop the others
        logger.exception("Scheduled job %s failed", job.name)
        _finish(job, f"{type(exc).__name__}: {exc}")
        return RunResult(job, "failed", f"{type(exc).__name__}: {exc}")
    _finish(job, "")
    logger.info("Scheduled job %s: done", job.name)
    return RunResult(job, "ok")


def run_due_jobs(jobs: Iterable[Job]) -> list[RunResult]:
    """Run every due job once, in order; a job that cannot even be claimed (database down) is logged and passed."""
    results = []
    for job in jobs:
        if next_due(job, timezone.now()) > timezone.now():
            continue
        try:
            results.append(run_job(job))
        except Exception as exc:  # the bookkeeping itself failed, e.g. the database is away for a moment
            logger.exception("Scheduled job %s could not be started", job.name)
            results.append(RunResult(job, "failed", f"{type(exc).__name__}: {exc}"))
    return results


def seconds_until_next(jobs: Iterable[Job]) -> float:
    """How long the loop may sleep: until the soonest job is due, at most ``MAX_SLEEP``."""
    now = timezone.now()
    try:
        soonest = min((next_due(job, now) for job in jobs), default=now + timedelta(seconds=MAX_SLEEP))
    except Exception:
        logger.exception("Could not read the scheduled jobs' last runs; trying again shortly")
        return MAX_SLEEP
    return max(0.0, min(MAX_SLEEP, (soonest - now).total_seconds()))


def run_forever(jobs: list[Job], stop: threading.Event) -> None:
    """Run due jobs until ``stop`` is set (by the SIGTERM handler); the job under way finishes first."""
    logger.info("Scheduler started: %s", ", ".join(f"{job.name} every {job.interval}s" for job in jobs) or "no jobs")
    while not stop.is_set():
        run_due_jobs(_until_stopped(jobs, stop))
        # A long-lived process: drop a connection the database closed or that outlived CONN_MAX_AGE, as
        # Django does between requests, so a database restart costs one failed run, not every run after it.
        close_old_connections()
        stop.wait(seconds_until_next(jobs))
        close_old_connections()
    logger.info("Scheduler stopped")


def _until_stopped(jobs: Iterable[Job], stop: threading.Event) -> Iterable[Job]:
    for job in jobs:
        if stop.is_set():
            return
        yield job
