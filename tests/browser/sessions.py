"""Signing a person in to a browser tab without the login form (when the form is not what a test is about)."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def sign_in(tab, user, base_url: str) -> None:
    """Give ``tab``'s browser context a session of ``user`` (any previous cookies are dropped)."""
    client = Client()
    client.force_login(user)
    tab.context.clear_cookies()
    tab.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base_url}]
    )
