"""Stable case numbers: given at first publication, kept by every later version, never reused; /cases/id/<number>/."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from wagtail.models import Page

from showcase.models import CaseNumberCounter, UseCasePage
from tests import factories

pytestmark = pytest.mark.django_db


def number_of(page) -> str | None:
    return UseCasePage.objects.filter(pk=page.pk).values_list("case_number", flat=True).get()


def test_first_publication_gives_a_number_of_that_year_and_later_versions_keep_it(settings):
    settings.CASE_NUMBER_PREFIX = "TEST"
    draft = factories.use_case(publish=False)
    assert number_of(draft) is None
    stale_revision = draft.save_revision()  # a version written before the first publication
    draft.first_published_at = datetime(2031, 3, 1, tzinfo=UTC)
    draft.save_revision().publish()
    number = number_of(draft)
    assert re.fullmatch(r"TEST-2031-\d{4}", number)
    assert CaseNumberCounter.objects.get(year=2031).last == int(number.rsplit("-", 1)[1])

    page = UseCasePage.objects.get(pk=draft.pk)
    page.summary = "A second version."
    page.save_revision().publish()
    stale_revision.publish()  # its content has no number: the page keeps its own
    assert number_of(draft) == number


def test_numbers_follow_each_other_and_are_never_reused():
    first = factories.use_case(publish=False)
    first.save_revision().publish()
    second = factories.use_case(publish=False)
    second.save_revision().publish()
    a, b = number_of(first), number_of(second)
    assert a != b and int(b.rsplit("-", 1)[1]) == int(a.rsplit("-", 1)[1]) + 1
    UseCasePage.objects.get(pk=second.pk).unpublish()
    third = factories.use_case(publish=False)
    third.save_revision().publish()
    assert int(number_of(third).rsplit("-", 1)[1]) == int(b.rsplit("-", 1)[1]) + 1
    assert number_of(second) == b  # unpublished, it keeps its number (and nobody else gets it)


def test_the_number_is_on_the_page_in_the_api_the_export_and_the_feed(client):
    case = factories.use_case(via_revision=True, title="Numbered case")
    number = case.case_number
    assert number
    html = client.get(case.url).content.decode()
    assert f"Case {number}" in html
    detail = client.get(f"/api/v1/cases/{case.slug}/").json()
    assert detail["case_number"] == number
    listing = client.get("/api/v1/cases/").json()
    assert [item["case_number"] for item in listing["results"] if item["id"] == case.pk] == [number]
    export = b"".join(client.get("/api/v1/export/cases.csv").streaming_content).decode()
    assert ",tag_slugs,case_number," in export.splitlines()[0] and f",{number}," in export  # after the slug columns
    feed = client.get("/feeds/cases.atom").content.decode()
    assert f'href="http://testserver/cases/id/{number}/"' in feed
    catalogue = client.get("/cases/?q=Numbered").content.decode()
    assert number in catalogue


def test_the_number_leads_to_the_current_address_and_an_old_slug_redirects(client, django_capture_on_commit_callbacks):
    case = factories.use_case(via_revision=True)
    old_url = case.url
    response = client.get(f"/cases/id/{case.case_number}/")
    assert response.status_code == 302 and response["Location"] == old_url
    assert client.get(f"/cases/id/{case.case_number.lower()}/")["Location"] == old_url

    page = UseCasePage.objects.get(pk=case.pk)
    page.slug = "a-new-address"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail sends page_slug_changed on commit
        page.save_revision().publish()
    new_url = Page.objects.get(pk=case.pk).specific.url
    assert new_url.endswith("/a-new-address/")
    assert client.get(f"/cases/id/{case.case_number}/")["Location"] == new_url
    old = client.get(old_url)
    assert old.status_code == 301 and old["Location"].endswith("/a-new-address/")
    assert client.get(new_url).status_code == 200


@pytest.mark.parametrize(
    "text",
    [
        "AILE-2026-9999",  # well formed, unknown
        "nothing",
        "AILE-2026-",
        "AILE-26-0001",
        "<script>alert(1)</script>",
        "AILE-2026-0001%00",
        "A" * 40 + "-2026-0001",
        "AILE-2026-0001'--",
        "%E2%80%AEAILE-2026-0001",
        "..%2F..%2Fadmin",
    ],
)
def test_hostile_or_unknown_numbers_are_404(client, text):
    factories.use_case(via_revision=True)
    response = client.get(f"/cases/id/{text}/")
    assert response.status_code == 404
    assert b"<script>alert(1)</script>" not in response.content


def test_an_unpublished_case_number_is_404(client):
    case = factories.use_case(via_revision=True)
    UseCasePage.objects.get(pk=case.pk).unpublish()
    assert client.get(f"/cases/id/{case.case_number}/").status_code == 404


def test_a_restricted_case_asks_for_a_log_in_without_telling_its_address(client):
    case = factories.use_case(via_revision=True, visibility="attendees", slug="secret-watchlist-case")
    response = client.get(f"/cases/id/{case.case_number}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] and "secret-watchlist" not in response["Location"]
    client.force_login(factories.attendee())
    assert client.get(f"/cases/id/{case.case_number}/")["Location"] == case.url


def test_searching_a_case_number_opens_that_case_for_those_who_may_see_it(client, settings):
    settings.ELASTICSEARCH_URL = ""
    public = factories.use_case(via_revision=True, title="Numbered public case")
    guarded = factories.use_case(via_revision=True, title="Numbered guarded case", visibility="attendees",
                                 slug="guarded-number-case")
    for typed in (public.case_number, f"  {public.case_number.lower()} "):
        response = client.get("/cases/", {"q": typed})
        assert response.status_code == 302 and response["Location"] == public.url
    # Someone who may not see the case is asked to log in, as the number's own address does, without its address.
    refused = client.get("/cases/", {"q": guarded.case_number}, follow=True)
    assert refused.redirect_chain[0][0] == f"/cases/id/{guarded.case_number}/"
    assert "/accounts/login/" in refused.redirect_chain[-1][0] and "guarded-number-case" not in refused.redirect_chain[-1][0]
    attendee = factories.attendee()
    client.force_login(attendee)
    assert client.get("/cases/", {"q": guarded.case_number})["Location"] == guarded.url
    # Not a whole number, or with filters: searched as words.
    assert client.get("/cases/", {"q": f"{public.case_number} drones"}).status_code == 200
    assert client.get("/cases/", {"q": public.case_number, "stage": "pilot"}).status_code == 200
    assert client.get("/cases/", {"q": "AILE-2099-9999"}).status_code == 200
