"""Search alerts (issue 17.1): "Get alerts for this search", the account page, and hostile input on their forms."""

from __future__ import annotations

import pytest

from portal.models import SavedSearch
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

NEW = "/accounts/alerts/new/"


@pytest.fixture(scope="module")
def people(module_db):
    return {"reader": factories.user("reader@example.org"), "other": factories.user("other@example.org")}


@pytest.fixture(autouse=True)
def _database_search(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def reader_client(client, people):
    client.force_login(people["reader"])
    return client


def saved(user) -> list[tuple[str, str]]:
    return list(SavedSearch.objects.filter(user=user).values_list("query_string", "frequency"))


def test_the_catalogue_offers_alerts_to_a_signed_in_person_and_a_sign_in_link_to_visitors(client, people):
    factories.use_case(title="A case")
    anonymous = client.get("/cases/?q=video&category=video-analytics").content.decode()
    assert "Get alerts for this search" in anonymous
    assert "/accounts/login/?next=%2Fcases%2F%3Fq%3Dvideo%26category%3Dvideo-analytics" in anonymous
    assert 'action="/accounts/alerts/new/"' not in anonymous
    client.force_login(people["reader"])
    page = client.get("/cases/?q=video&category=video-analytics&sort=title&page=1&utm=x").content.decode()
    form = page[page.index('<section class="search-alert"'):]
    form = form[: form.index("</section>")]
    assert 'action="/accounts/alerts/new/"' in form and 'name="csrfmiddlewaretoken"' in form
    assert '<input type="hidden" name="q" value="video">' in form
    assert '<input type="hidden" name="category" value="video-analytics">' in form
    assert 'name="utm"' not in form and 'name="sort"' not in form and 'name="page"' not in form


def test_saving_an_alert_stores_the_normalised_search_and_the_account_page_describes_it(reader_client, people):
    response = reader_client.post(NEW, {"q": "  face   recognition ", "category": ["video-analytics"],
                                        "country": ["nl"], "frequency": "daily"})
    assert response.status_code == 302 and response["Location"] == "/accounts/alerts/"
    (alert,) = SavedSearch.objects.filter(user=people["reader"])
    assert (alert.query_string, alert.frequency, alert.language) == (
        "q=face+recognition&category=video-analytics&country=NL", "daily", "en")
    # The same search written differently is the same alert.
    reader_client.post(NEW, {"country": "NL", "q": "face recognition", "category": "video-analytics",
                             "frequency": "weekly"})
    assert saved(people["reader"]) == [("q=face+recognition&category=video-analytics&country=NL", "weekly")]
    page = reader_client.get("/fr/accounts/alerts/").content.decode()
    assert "Analyse vidéo" in page and "Pays-Bas" in page and "face recognition" in page
    assert "/accounts/alerts/" in reader_client.get("/accounts/password/change/").content.decode()  # the account page links it


def test_changing_and_deleting_an_alert(reader_client, people):
    alert = SavedSearch.objects.create(user=people["reader"], query_string="q=drones")
    assert reader_client.post(f"/accounts/alerts/{alert.pk}/", {"frequency": "daily"}).status_code == 302
    alert.refresh_from_db()
    assert alert.frequency == "daily"
    assert reader_client.post(f"/accounts/alerts/{alert.pk}/", {"frequency": "hourly"}).status_code == 400
    assert reader_client.post(f"/accounts/alerts/{alert.pk}/delete/").status_code == 302
    assert saved(people["reader"]) == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"q": "x", "evil": "1", "frequency": "daily"}, "parameters the catalogue does not know"),
        ({"q": "x" * 201, "frequency": "daily"}, "200 characters"),
        ({"q": "drones\x00", "frequency": "daily"}, "Null characters"),
        ({"q": "drones\x1b[31m", "frequency": "daily"}, "control characters"),
        ({"category": "<script>", "frequency": "daily"}, "not a possible value"),
        ({"country": "XYZ", "frequency": "daily"}, "not a possible value"),
        ({"q": "drones", "frequency": "hourly"}, "Select a valid choice"),
        ({"q": "drones"}, "This field is required"),
        ({"q": ["a", "b"], "frequency": "daily"}, "one text"),
        ({"tag": [f"t{i}" for i in range(31)], "frequency": "daily"}, "first 30 values"),
    ],
)
def test_hostile_input_is_refused_with_a_message_and_nothing_saved(reader_client, people, data, message):
    response = reader_client.post(NEW, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert saved(people["reader"]) == []


def test_someone_elses_alert_is_a_404_and_anonymous_visitors_are_sent_to_sign_in(client, reader_client, people):
    theirs = SavedSearch.objects.create(user=people["other"], query_string="q=drones")
    assert reader_client.post(f"/accounts/alerts/{theirs.pk}/", {"frequency": "daily"}).status_code == 404
    assert reader_client.post(f"/accounts/alerts/{theirs.pk}/delete/").status_code == 404
    assert "drones" not in reader_client.get("/accounts/alerts/").content.decode()
    assert saved(people["other"]) == [("q=drones", "weekly")]
    reader_client.logout()
    assert client.post(NEW, {"q": "x", "frequency": "daily"})["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/alerts/")["Location"].startswith("/accounts/login/")


def test_the_number_of_alerts_is_limited(reader_client, people, settings):
    settings.MAX_SEARCH_ALERTS = 2
    for word in ("one", "two"):
        assert reader_client.post(NEW, {"q": word, "frequency": "daily"}).status_code == 302
    response = reader_client.post(NEW, {"q": "three", "frequency": "daily"})
    assert response.status_code == 400 and "the most one person can have" in response.content.decode()
    assert len(saved(people["reader"])) == 2
