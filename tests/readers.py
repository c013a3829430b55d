"""Readers for page tests: a signed-in client, and a page's HTML (which must answer 200)."""

from __future__ import annotations

from django.test import Client


def signed_in(person) -> Client:  # noqa: ANN001 (a user)
    client = Client()
    client.force_login(person)
    return client


def page_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()
