"""``manage.py run_scheduler``: run the periodic jobs of ``settings.SCHEDULED_JOBS`` (see ``portal.scheduler``)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portal import scheduler


class Command(BaseCommand):
    help = (
        "Run each command of SCHEDULED_JOBS on its interval, until SIGTERM or Ctrl+C. "
        "--once runs every due job once and exits (for cron and tests)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run every due job once, then exit.")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        jobs = scheduler.configured_jobs()
        if once:
            results = scheduler.run_due_jobs(jobs)
            for result in results:
                self.stdout.write(f"{result.job.name}: {result.outcome}")
            failed = [result.job.name for result in results if result.outcome == "failed"]
            if failed:
                raise CommandError(f"{len(failed)} scheduled job(s) failed: {', '.join(failed)} (see the log).")
            return
        stop = threading.Event()

        def request_stop(signum: int, frame: Any) -> None:
            scheduler.logger.info("Scheduler: signal %s received, stopping after the job under way", signum)
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        scheduler.run_forever(jobs, stop)
