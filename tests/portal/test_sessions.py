"""portal.sessions: Django's database sessions with the read by key as a prepared statement (issue 20.4).

The read must find exactly what Django's ``db`` backend finds: a live session, nothing for an expired,
deleted, unknown or malformed key (and then forget the key), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from portal.sessions import SessionStore
from tests import factories

pytestmark = pytest.mark.django_db


def saved(data: dict) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_the_site_uses_it():
    assert settings.SESSION_ENGINE == "portal.sessions"


def test_a_live_session_is_read_as_djangos_backend_reads_it():
    key = saved({"answer": 42, "name": "Zoë"})
    assert SessionStore(key).load() == DjangoStore(key).load() == {"answer": 42, "name": "Zoë"}


@pytest.mark.parametrize("key", ["", "short", "x" * 32, "'; DROP TABLE django_session; --" + "y" * 10])
def test_an_unknown_or_malformed_key_finds_nothing_and_is_forgotten(key):
    saved({"other": True})
    store = SessionStore(key or None)
    assert store.load() == {} and store.session_key is None
    assert Session.objects.count() == 1


def test_an_expired_session_is_not_found():
    key = saved({"answer": 42})
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {} and store.session_key is None
    assert DjangoStore(key).load() == {}


def test_a_signed_out_session_does_not_sign_in_again():
    person = factories.attendee()
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert 'action="/accounts/logout/"' in client.get("/cases/").content.decode()
    client.post("/accounts/logout/")
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old cookie, replayed
    assert 'action="/accounts/logout/"' not in stale.get("/cases/").content.decode()
