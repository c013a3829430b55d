"""/healthz: JSON with the database and search-engine status, and no secrets."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _leaks(body: bytes) -> list[str]:
    text = body.decode()
    suspicious = [settings.SECRET_KEY, "version", "127.0.0.1", "postgres://", "Traceback"]
    if settings.ELASTICSEARCH_URL:
        suspicious.append(settings.ELASTICSEARCH_URL)
    return [s for s in suspicious if s and s in text]


@pytest.mark.django_db
@pytest.mark.embedded
def test_healthy_site_answers_200_with_component_status(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["database"] == "ok"
    assert body["search"]["backend"] == ("elasticsearch" if settings.ELASTICSEARCH_URL else "database")
    assert body["search"]["status"] == "ok"
    assert body["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]
    assert _leaks(response.content) == []


@pytest.mark.django_db
@pytest.mark.embedded
def test_only_safe_methods(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
@pytest.mark.embedded
def test_search_engine_down_is_degraded_but_still_200(client, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{_closed_port()}"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "search": {"backend": "elasticsearch", "status": "unavailable"},
        "scheduler": "not seen",
    }
    assert _leaks(response.content) == []


@pytest.mark.embedded
def test_database_unreachable_answers_503():
    """A real unreachable PostgreSQL server (a closed port), in a separate process."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='localhost');"
        "print(json.dumps({'status': r.status_code, 'body': r.content.decode()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://nobody:secret-pw@127.0.0.1:{_closed_port()}/nothing",
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    body = json.loads(outcome["body"])
    assert body["status"] == "unavailable"
    assert body["database"] == "unavailable"
    assert "secret-pw" not in outcome["body"] and "nobody" not in outcome["body"]


@pytest.mark.django_db
@pytest.mark.embedded
def test_a_stalled_scheduler_makes_the_site_degraded(client, settings):
    """Go-live publishing, e-mail retries and access expiry stop with the scheduler: /healthz says so."""
    from datetime import timedelta

    from django.utils import timezone

    from portal.models import ScheduledJobRun

    settings.SCHEDULED_JOBS = [("publish_scheduled", (), 60), ("resend_failed_emails", (), 900)]
    settings.SCHEDULER_LATE_AFTER = 600
    assert client.get("/healthz").json()["scheduler"] == "not seen"  # a new site: no run yet, not an alarm
    now = timezone.now()
    ScheduledJobRun.objects.create(name="publish_scheduled", last_started_at=now - timedelta(seconds=30))
    ScheduledJobRun.objects.create(name="resend_failed_emails", last_started_at=now - timedelta(seconds=1000))
    body = client.get("/healthz").json()
    assert (body["status"], body["scheduler"]) == ("ok", "ok")  # due 100 s ago: within the grace
    ScheduledJobRun.objects.filter(name="publish_scheduled").update(last_started_at=now - timedelta(hours=2))
    response = client.get("/healthz")
    assert response.status_code == 200 and (response.json()["status"], response.json()["scheduler"]) == (
        "degraded", "late")
    # A long run under way is not late: it holds its claim.
    ScheduledJobRun.objects.filter(name="publish_scheduled").update(running_since=now - timedelta(minutes=50))
    assert client.get("/healthz").json()["scheduler"] == "ok"
    assert _leaks(client.get("/healthz").content) == []
