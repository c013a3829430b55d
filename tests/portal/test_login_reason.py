"""The log-in page says why it was shown: a visitor sent there from an attendees-only case reads why (issue 13's
restricted cases, from the address or the permanent number), without the page telling what the address did not."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

CASE_REASON = "Some use cases are shared with the registered attendees of the meeting only."
GENERIC_REASON = "Log in to continue to the page you asked for."


def test_an_anonymous_visitor_sent_from_an_attendees_only_case_reads_why(client):
    case = factories.use_case(title="Guarded watch-list matching", visibility="attendees")
    response = client.get(case.url, follow=True)
    html = response.content.decode()
    assert response.redirect_chain and "/accounts/login/" in response.redirect_chain[-1][0]
    assert CASE_REASON in html and GENERIC_REASON not in html
    assert "Guarded watch-list matching" not in html


def test_the_case_number_of_an_attendees_only_case_leads_to_the_same_reason(client):
    case = factories.use_case(title="Guarded by number", visibility="attendees")
    response = client.get(f"/cases/id/{case.case_number}/", follow=True)
    html = response.content.decode()
    assert "/accounts/login/" in response.redirect_chain[-1][0]
    assert CASE_REASON in html and "Guarded by number" not in html


def test_the_reason_in_french(client):
    case = factories.use_case(visibility="attendees")
    html = client.get(f"/fr/accounts/login/?next=/fr{case.url}").content.decode()
    assert "Certains cas d'usage ne sont partagés" in html.replace("&#x27;", "'")


def test_another_page_gets_the_general_reason_and_no_next_none(client):
    assert GENERIC_REASON in client.get("/accounts/login/?next=/submissions/").content.decode()
    plain = client.get("/accounts/login/").content.decode()
    assert GENERIC_REASON not in plain and CASE_REASON not in plain


@pytest.mark.parametrize(
    "hostile, reason",
    [
        ("https://evil.example/cases/x/", None),  # another site: refused as a next address, so no reason
        ("//evil.example/cases/x/", None),
        ("javascript:alert(1)", None),
        ("/cases/%0d%0aSet-Cookie:x=1", CASE_REASON),  # a local address: read as one, nothing injected
        ("<script>alert(1)</script>", GENERIC_REASON),  # a relative address to nowhere: escaped wherever shown
        ("x" * 5000, None),  # longer than Django accepts for a next address
    ],
)
def test_a_hostile_next_address_is_refused_or_escaped(client, hostile, reason):
    factories.catalogue()
    response = client.get("/accounts/login/", {"next": hostile})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    # Only a safe address is kept for after the log-in (the language links carry the query string, encoded).
    kept = html.split('name="next" value="', 1)[1].split('"', 1)[0] if 'name="next"' in html else ""
    assert "evil.example" not in kept and "javascript:" not in kept
    assert "x" not in response.cookies
    for sentence in (CASE_REASON, GENERIC_REASON):
        assert (sentence in html) == (sentence == reason)
