"""The pages people see when the site refuses them: in the site's layout, in their language, saying what to do."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_refused_form_post_explains_itself_in_the_site_layout():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "x@example.org", "password": "whatever-password"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Your form could not be sent" in body
    assert "What you saved before is kept" in body
    assert 'id="main"' in body  # the site's layout, with its landmarks
    assert "CSRF verification failed" not in body and "CSRF_FAILURE_VIEW" not in body


def test_a_refused_form_post_speaks_the_readers_language():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/fr/accounts/login/", {"username": "x@example.org", "password": "whatever-password"})
    assert response.status_code == 403
    assert '<html lang="fr"' in response.content.decode()


def test_a_colleague_refused_a_withdrawal_sees_the_sites_own_page(client):
    """Only the submitter withdraws; a confirmed colleague who sees the case is refused with a page that says so."""
    owner = factories.submitter("owner@police.example.org")
    colleague = factories.submitter("colleague@police.example.org", org=owner.organisation)
    submission = factories.draft_submission(owner)
    client.force_login(colleague)
    response = client.get(reverse("submissions:withdraw", args=[submission.pk]))
    body = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in body and 'id="main"' in body
