"""Attendees-only cases reach logged-in attendees only: in lists, detail, facet counts and exports."""

from __future__ import annotations

import pytest

from tests import factories

from .conftest import body, csv_rows, json_export

pytestmark = pytest.mark.django_db


def responses(api, slug: str) -> dict[str, object]:
    return {
        "list": api.get("/api/v1/cases/?q=watchlist"),
        "all": api.get("/api/v1/cases/"),
        "detail": api.get(f"/api/v1/cases/{slug}/"),
        "facets": api.get("/api/v1/facets/?tag=covert"),
        "csv": api.get("/api/v1/export/cases.csv"),
        "json": api.get("/api/v1/export/cases.json"),
    }


def test_anonymous_callers_never_see_attendees_only_cases(indexed, api):
    secret = indexed["secret"]
    got = responses(api, secret.slug)
    assert got["list"].json()["results"] == [] and got["list"].json()["total"] == 0
    assert secret.pk not in [c["id"] for c in got["all"].json()["results"]]
    assert got["all"].json()["total"] == 5
    assert got["detail"].status_code == 404
    facets = {f["key"]: f for f in got["facets"].json()["facets"]}
    assert got["facets"].json()["total"] == 0
    assert "covert" not in {v["value"] for v in facets["tag"]["values"] if v["count"]}
    assert secret.pk not in [int(r["id"]) for r in csv_rows(got["csv"])]
    assert secret.pk not in [r["id"] for r in json_export(got["json"])["cases"]]
    for name, response in got.items():
        assert secret.title not in body(response), name
        assert response["Cache-Control"] == "private, max-age=60", name
        assert "Cookie" in response["Vary"], name


def test_logged_in_people_who_are_not_attendees_do_not_see_them_either(indexed, api):
    api.force_login(factories.user())
    got = responses(api, indexed["secret"].slug)
    assert got["detail"].status_code == 404
    assert indexed["secret"].title not in body(got["csv"])


def test_attendees_see_attendees_only_cases_everywhere(indexed, api):
    secret = indexed["secret"]
    api.force_login(factories.attendee())
    got = responses(api, secret.slug)
    assert [c["id"] for c in got["list"].json()["results"]] == [secret.pk]
    assert got["all"].json()["total"] == 6
    detail = got["detail"].json()
    assert detail["id"] == secret.pk and detail["attendees_only"] is True
    facets = {f["key"]: f for f in got["facets"].json()["facets"]}
    assert got["facets"].json()["total"] == 1
    assert {v["value"]: v["count"] for v in facets["tag"]["values"]}["covert"] == 1
    assert secret.pk in [int(r["id"]) for r in csv_rows(got["csv"])]
    exported = {r["id"]: r for r in json_export(got["json"])["cases"]}
    assert exported[secret.pk]["attendees_only"] is True


def test_drafts_are_never_listed_or_returned(indexed, api):
    api.force_login(factories.attendee())
    draft = indexed["draft"]
    assert api.get(f"/api/v1/cases/{draft.slug}/").status_code == 404
    assert draft.title not in body(api.get("/api/v1/export/cases.json"))
