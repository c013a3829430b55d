"""The database is unreachable: a friendly, translated 503 with Retry-After, never a 500 or a leak.

Runs the site in a separate process against a real PostgreSQL address where
nothing listens (as tests/portal/test_healthz.py does for /healthz).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from portal.middleware import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.embedded

PROJECT_DIR = Path(__file__).resolve().parents[2]

REQUESTS = [
    ("get", "/", {}),
    ("get", "/cases/", {}),
    ("get", "/cases/?q=licence", {}),
    ("post", "/accounts/login/", {"username": "someone@example.org", "password": "a-password-here"}),
    ("get", "/cases/some-case/", {}),
    ("get", "/fr/", {}),
    ("get", "/statistics/", {}),
    ("get", "/api/v1/cases/", {}),
    ("get", "/feeds/cases.atom", {}),
    ("get", "/sitemap.xml", {}),
    ("post", "/accounts/register/", {"email": "new@police.example.org"}),
]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_against_unreachable_database(requests: list, language: str = "en") -> list[dict]:
    script = (
        "import django, json, sys; django.setup();"
        "from django.test import Client;"
        "client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=sys.argv[2]);"
        "out = [];\n"
        "for method, url, data in json.loads(sys.argv[1]):\n"
        "    r = getattr(client, method)(url, data, HTTP_HOST='localhost')\n"
        "    out.append({'url': url, 'status': r.status_code, 'headers': dict(r.headers),"
        " 'body': r.content.decode()})\n"
        "print(json.dumps(out))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://nobody:secret-pw@127.0.0.1:{_closed_port()}/nothing",
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(requests), language],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_kind_of_page_answers_a_friendly_503():
    """Everything that needs the database. (Pages that do not — the log-in form, the redirect of an
    anonymous visitor to it — still work; /healthz answers its own JSON 503.)"""
    for answer in run_against_unreachable_database(REQUESTS):
        where = answer["url"]
        assert answer["status"] == 503, (where, answer["status"], answer["body"][:300])
        assert int(answer["headers"]["Retry-After"]) > 0, where
        assert "no-cache" in answer["headers"]["Cache-Control"] or "no-store" in answer["headers"]["Cache-Control"]
        if where.startswith("/fr/"):
            assert 'lang="fr"' in answer["body"] and "briefly unavailable" not in answer["body"]
        else:
            assert "The site is briefly unavailable" in answer["body"], where
            assert "Nothing you saved before has been lost" in answer["body"]
        for secret in ("secret-pw", "nobody", "Traceback", "OperationalError", "127.0.0.1"):
            assert secret not in answer["body"], (where, secret)
        assert "script-src 'self'" in answer["headers"]["Content-Security-Policy"]


def test_the_503_page_is_in_the_visitors_language():
    [answer] = run_against_unreachable_database([("get", "/ar/", {})], language="ar")
    assert answer["status"] == 503
    assert 'lang="ar"' in answer["body"] and 'dir="rtl"' in answer["body"]


def test_other_errors_are_left_to_the_500_handler():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, ValueError("a bug")) is None
    answer = middleware.process_exception(request, OperationalError("could not connect to server"))
    assert answer.status_code == 503 and b"could not connect" not in answer.content
