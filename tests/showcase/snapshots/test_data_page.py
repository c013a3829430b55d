"""``/data/``, ``/data/latest.*`` and the dated files: what a reader sees and downloads, conditional GET, hostile names."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils.http import http_date

from showcase.api.export import COLUMN_NAMES
from tests.showcase.open.conftest import collect

from .conftest import FIRST_RUN, run_job

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

CSV = "catalogue-2026-12-06.csv"


@pytest.fixture
def two_weeks(catalogue_cases, snapshot_dir):
    run_job(FIRST_RUN)
    run_job(FIRST_RUN + timedelta(weeks=1))
    return snapshot_dir


def test_the_page_lists_each_file_with_size_checksum_and_link(client, two_weeks):
    response = client.get("/data/")

    assert response.status_code == 200
    html = response.content.decode()
    page = collect(html)
    links = {link.get("href") for tag, link in page.elements if tag == "a"}
    for day in ("2026-12-06", "2026-12-13"):
        for fmt in ("csv", "json"):
            name = f"catalogue-{day}.{fmt}"
            digest = hashlib.sha256((two_weeks / name).read_bytes()).hexdigest()
            assert f"/data/{name}" in links and f"/data/{name}.sha256" in links
            assert digest in html
    assert html.index("2026-12-13") < html.index("2026-12-06"), "newest first"
    assert "/data/latest.csv" in links and "/data/latest.json" in links
    assert "KB" in html or "bytes" in html
    assert "http://testserver/data/catalogue-2026-12-13.csv" in html, "the citation names the dated address"
    assert not page.scripts and not any("style" in attrs for _tag, attrs in page.elements)


def test_the_data_dictionary_is_the_export_columns(client, snapshot_dir):
    html = client.get("/data/").content.decode()

    entries = re.findall(r"<dt><code>([^<]+)</code></dt>\s*<dd[^>]*>([^<]*)</dd>\s*<dd[^>]*>([^<]*)</dd>", html)
    assert [name for name, _meaning, _type in entries] == list(COLUMN_NAMES)
    by_name = {name: (meaning, kind) for name, meaning, kind in entries}
    assert "permanent public number" in by_name["case_number"][0]
    assert by_name["id"][1] == "Type: Whole number" and by_name["countries"][1] == "Type: List"
    assert "separated by “; ”" in html


def test_the_page_says_when_there_is_no_snapshot_yet_and_latest_is_404(client, snapshot_dir):
    assert "No snapshot has been written yet" in client.get("/data/").content.decode()
    assert client.get("/data/latest.csv").status_code == 404
    assert client.get("/data/latest.json").status_code == 404


def test_the_page_is_translated_and_linked_from_every_page(client, snapshot_dir):
    french = client.get("/fr/data/")
    assert french.status_code == 200 and 'lang="en"' in french.content.decode()  # the English meanings are marked
    assert 'href="/data/"' in client.get("/statistics/").content.decode()
    assert 'href="/fr/data/"' in french.content.decode()


def test_latest_redirects_to_the_newest_dated_file(client, two_weeks):
    for fmt in ("csv", "json"):
        response = client.get(f"/data/latest.{fmt}")
        assert response.status_code == 302
        assert response["Location"] == f"/data/catalogue-2026-12-13.{fmt}"
        assert "max-age=300" in response["Cache-Control"]


def test_a_dated_file_is_a_download_with_its_checksum_as_etag(client, two_weeks):
    data = (two_weeks / CSV).read_bytes()
    response = client.get(f"/data/{CSV}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{CSV}"'
    assert response["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert response["Last-Modified"] == http_date(int((two_weeks / CSV).stat().st_mtime))
    assert "immutable" in response["Cache-Control"] and "public" in response["Cache-Control"]
    json_response = client.get("/data/catalogue-2026-12-06.json")
    assert json_response["Content-Type"] == "application/json; charset=utf-8"
    checksum = client.get(f"/data/{CSV}.sha256")
    assert checksum["Content-Type"].startswith("text/plain")
    assert checksum.content.decode() == (two_weeks / f"{CSV}.sha256").read_text()


def test_conditional_requests_get_304(client, two_weeks):
    first = client.get(f"/data/{CSV}")

    by_etag = client.get(f"/data/{CSV}", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(f"/data/{CSV}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    checksum = client.get(f"/data/{CSV}.sha256")
    checksum_again = client.get(f"/data/{CSV}.sha256", HTTP_IF_NONE_MATCH=checksum["ETag"])
    other = client.get(f"/data/{CSV}", HTTP_IF_NONE_MATCH='"0000"')

    assert by_etag.status_code == by_date.status_code == checksum_again.status_code == 304
    assert by_etag.content == b""
    assert other.status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "../../portal/settings/base.py",
        "..%2F..%2Fportal%2Fsettings%2Fbase.py",
        "%2e%2e",
        "catalogue-2026-12-06.csv%00.png",
        "catalogue-2026-12-06.csv%0A",
        "catalogue-2026-12-06.CSV",
        "catalogue-2026-13-45.csv",
        "catalogue-%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-12-06.csv",  # full-width digits
        "catalogue-2026-12-06.csv.tmp",
        ".tmp-catalogue-2026-12-06.csv.x",
        "catalogue-2026-12-06.xml",
        "catalogue-2026-11-29.csv",  # a day never written
        "catalogue-2026-12-06.csv.sha256.sha256",
        "c" * 5000,
        "latest.xml",
    ],
)
def test_hostile_or_unknown_names_are_404(client, two_weeks, name):
    (two_weeks / ".tmp-catalogue-2026-12-06.csv.x").write_bytes(b"half")
    (two_weeks / "catalogue-2026-12-06.xml").write_bytes(b"<stray/>")
    response = client.get(f"/data/{name}")
    assert response.status_code == 404


def test_a_file_without_its_checksum_is_not_served(client, two_weeks):
    (two_weeks / f"{CSV}.sha256").unlink()
    assert client.get(f"/data/{CSV}").status_code == 404
    assert client.get("/data/latest.csv")["Location"] == "/data/catalogue-2026-12-13.csv"


def test_only_get_and_head(client, two_weeks):
    assert client.head(f"/data/{CSV}").status_code == 200
    assert client.post(f"/data/{CSV}").status_code == 405
    assert client.post("/data/latest.csv").status_code == 405
