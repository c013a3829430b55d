"""manage.py seed_demo — demo accounts and a demo catalogue for local use (dev and test settings only).

Idempotent: running it twice leaves the same data (accounts by e-mail, cases
by slug, submissions by a fixed token). ``--with-submissions`` adds three demo
submissions of the demo submitter (draft, submitted, changes requested). ``--count N`` adds N extra generated cases in bulk for benchmarks;
those are numbered and each run adds N more. Refuses to run where
ALLOW_DEMO_DATA is off (production), because demo passwords are public.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.accounts import demo_logins, ensure_demo_users
from demo.catalogue import generate_cases, grant_demo_catalogue_permissions, seed_demo_catalogue
from demo.meeting import seed_demo_meeting
from demo.meeting_registrations import seed_demo_registrations
from demo.submissions import ensure_demo_submissions
from demo.two_factor import demo_manual_key, give_demo_staff_a_device
from moderation.setup import setup_moderation
from portal.models import User


@contextmanager
def quiet_page_logging() -> Iterator[None]:
    """Publishing dozens of pages logs several INFO lines each (Wagtail, django-tasks); keep the output readable."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logging.WARNING, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Create demo accounts and the demo catalogue (idempotent), print the logins; --count N adds N generated cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--count",
            type=int,
            default=0,
            metavar="N",
            help="Also add N generated cases quickly (bulk insert, no revisions or search indexing; "
            "run `manage.py update_index` afterwards if the admin search should find them).",
        )
        parser.add_argument(
            "--with-submissions",
            action="store_true",
            help="Also give the demo submitter an organisation and three submissions "
            "(a draft, one submitted, one with changes requested).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo data is disabled here (ALLOW_DEMO_DATA is off): demo passwords are public.")
        count = options["count"]
        if count < 0:
            raise CommandError("--count must be zero or more.")
        created_users = sum(created for _login, created in ensure_demo_users())
        self.stdout.write(f"Demo accounts: {created_users} created, {len(demo_logins()) - created_users} kept.")
        grant_demo_catalogue_permissions()
        # The review workflow and its groups (also run after every migrate): demo cases go through it.
        setup_moderation()

        with quiet_page_logging():
            result = seed_demo_catalogue(log=self.stdout.write)
        self.stdout.write(
            f"Demo catalogue: {result.created} cases created ({result.images} pictures), {result.kept} kept."
        )
        with quiet_page_logging():
            meeting, made = seed_demo_meeting()
        self.stdout.write(f"Demo meeting: {'created' if made else 'kept'} at {meeting.url} ({meeting.sessions.count()} sessions).")
        if options["with_submissions"]:
            with quiet_page_logging():
                made, kept = ensure_demo_submissions(
                    User.objects.get(email="submitter@example.org"),
                    User.objects.filter(email="reviewer@example.org").first(),
                )
            self.stdout.write(f"Demo submissions: {made} created, {kept} kept.")
        if count:
            generated = generate_cases(count)
            self.stdout.write(
                f"Generated {generated.created} cases (generated-{generated.first_number:06d} onwards) "
                f"in {generated.seconds:.2f} s ({generated.rate:.0f} cases/s)."
            )

        # After the demo meeting exists: registrations in each state for the demo organiser to vet.
        registrations = seed_demo_registrations(User.objects.get(email="organiser@example.org"))
        self.stdout.write(f"Demo meeting registrations: {registrations} created.")

        self.stdout.write("Demo logins (local use only):")
        for login in demo_logins():
            self.stdout.write(f"  {login.role:<18} {login.email:<28} {login.password}")
        staff = give_demo_staff_a_device(list(User.objects.filter(email__in=[x.email for x in demo_logins()])))
        self.stdout.write(
            f"Staff accounts also need a code: add the demo key {demo_manual_key()} to an authenticator app, "
            f"or run `.venv/bin/python manage.py demo_code` ({staff} demo device(s) created)."
        )
