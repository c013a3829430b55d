"""Periodic work and the settings of the jobs it runs (imported by ``base``; kept apart so base stays readable)."""

from .env import env_int, env_str

# --- Scheduled jobs ---------------------------------------------------------
# Periodic work (scheduled publication, access expiry, reminders, digests, retention…): each job is an
# idempotent management command, run every `interval` seconds by one scheduler (the docker-compose
# `scheduler` service; locally `manage.py run_scheduler`). A feature adds its command here; running it
# twice, or after a crash halfway, must do no harm. Tests call the commands directly with a frozen clock.
#: (management command, its arguments, interval in seconds)
SCHEDULED_JOBS: list[tuple[str, tuple[str, ...], int]] = [
    ("publish_scheduled", (), 60),  # Wagtail: pages whose go_live_at / expire_at has passed
    ("prune_search_queries", (), 24 * 3600),  # showcase: catalogue query log older than SEARCH_QUERY_RETENTION_DAYS
    ("expire_meeting_access", (), 3600),  # portal/meetings/access.py: attendee access ends after the meeting
    ("send_revalidation_reminders", (), 24 * 3600),  # issue 15: 30 and 7 days before a case's review-due day
    ("purge_expired_answers", (), 24 * 60 * 60),  # retention: confidential answers of closed cases (docs/PRIVACY.md)
    ("send_search_alerts", (), env_int("SEARCH_ALERTS_INTERVAL", 3600)),  # portal/alerts/digests.py: daily/weekly digests
    ("write_snapshot", (), 7 * 24 * 3600),  # issue 17.2: dated CSV/JSON of the public catalogue, listed at /data/
    ("resend_failed_emails", (), env_int("OUTBOX_RETRY_INTERVAL", 900)),  # the outbox: what the mail server refused
]
#: An e-mail the mail server refused this many times stays "failed" in the admin's outbox list, not retried.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 48)
#: Search alerts (portal/alerts/): the most saved searches one person may have.
MAX_SEARCH_ALERTS = env_int("MAX_SEARCH_ALERTS", 20)
# Attendee access lasts this many days after a meeting closes; people are told this many days before it ends.
MEETING_ACCESS_DAYS = env_int("MEETING_ACCESS_DAYS", 90)
MEETING_ACCESS_WARNING_DAYS = env_int("MEETING_ACCESS_WARNING_DAYS", 7)
#: /healthz says "degraded" (scheduler "late") when a job is overdue by more than this many seconds.
SCHEDULER_LATE_AFTER = env_int("SCHEDULER_LATE_AFTER", 600)
#: A run claimed longer ago than this (seconds) was left by a crashed scheduler and may be taken over.
SCHEDULED_JOB_TIMEOUT = env_int("SCHEDULED_JOB_TIMEOUT", 3600)
#: Months between a published case's confirmations (a reviewer may choose fewer for a high-risk case).
CASE_REVIEW_MONTHS = env_int("CASE_REVIEW_MONTHS", 12)
# Dated snapshots of the public catalogue (showcase/snapshots/, /data/): the directory ("": MEDIA_ROOT/snapshots,
# which docker-compose's media volume keeps), the weeks they are kept, and the licence the /data/ page names.
SNAPSHOT_DIR = env_str("SNAPSHOT_DIR")
SNAPSHOT_KEEP_WEEKS = env_int("SNAPSHOT_KEEP_WEEKS", 12)
DATA_LICENCE_NAME = env_str("DATA_LICENCE_NAME")
DATA_LICENCE_URL = env_str("DATA_LICENCE_URL")
