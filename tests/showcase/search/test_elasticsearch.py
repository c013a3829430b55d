"""What only the Elasticsearch backend does: synonyms, typos, highlighting, suggestions, related cases, windows.

Real node, private index per test (``catalogue_index``).
"""

from __future__ import annotations

import pytest

from showcase.search import catalogue_search, related_cases, suggest
from showcase.search.facets import FACETS
from showcase.search.results import MAX_PAGE
from showcase.taxonomies import UseCategory
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


def ids(results) -> set[int]:
    return {hit.page_id for hit in results.hits}


@pytest.fixture
def indexed(known_cases, catalogue_index):
    catalogue_index.build()
    return known_cases


@pytest.mark.parametrize("query", ["ANPR", "anpr", "LPR", "automatic number plate recognition"])
def test_an_abbreviation_finds_its_long_form(indexed, query):
    results = catalogue_search(query)
    assert results.backend == "elasticsearch"
    assert ids(results) == {indexed["plates"].pk}


def test_the_long_form_finds_the_abbreviation(catalogue_index):
    case = factories.use_case(title="Messaging analysis", summary="An LLM drafts summaries of seized chats.")
    factories.use_case(title="Unrelated", summary="Patrol rota planning.")
    catalogue_index.build()
    assert ids(catalogue_search("large language model")) == {case.pk}
    assert ids(catalogue_search("FRT")) == set()


@pytest.mark.parametrize("query", ["facial recgonition", "facail recognition", "custdy imgae"])
def test_small_typos_are_forgiven(indexed, query):
    assert indexed["faces"].pk in ids(catalogue_search(query))


def test_all_words_must_match(indexed):
    assert ids(catalogue_search("cameras motorway")) == {indexed["plates"].pk}
    assert ids(catalogue_search("cameras chatbot")) == set()


def test_highlights_mark_the_words_and_escape_the_text(catalogue_index):
    case = factories.use_case(
        title="<b>Bold</b> turbine monitor",
        summary='Detects turbine faults <script>alert("x")</script> & <img src=x onerror=alert(1)> at night.',
        problem="Old turbine logs & <i>notes</i> were unreadable.",
    )
    catalogue_index.build()
    results = catalogue_search("turbine")
    (hit,) = results.hits
    assert hit.page_id == case.pk
    assert "<mark>turbine</mark>" in hit.summary_html
    assert "<script>" not in hit.summary_html and "&lt;script&gt;" in hit.summary_html
    assert "<img" not in hit.summary_html and "&amp;" in hit.summary_html
    assert "<b>" not in hit.title_html and "&lt;b&gt;Bold&lt;/b&gt; <mark>turbine</mark>" in hit.title_html
    assert any("<mark>turbine</mark>" in fragment and "&lt;i&gt;" in fragment for fragment in hit.highlights)


def test_highlighted_page_has_no_markup_from_the_case(client, catalogue_index):
    factories.use_case(title="Turbine", summary='Turbine <script>alert("pwned")</script> text.')
    catalogue_index.build()
    html = client.get("/cases/", {"q": "turbine"}).content.decode()
    assert '<script>alert("pwned")</script>' not in html
    assert "&lt;script&gt;" in html and "<mark>" in html


def test_every_value_of_a_large_facet_is_counted(catalogue_index):
    """Terms aggregations return ten buckets by default; every category must come back."""
    slugs = list(UseCategory.objects.values_list("slug", flat=True))
    assert len(slugs) > 10
    for slug in slugs:
        factories.use_case(categories=(slug,))
    catalogue_index.build()
    counts = catalogue_search().facet_counts
    assert counts["category"] == {slug: 1 for slug in slugs}
    assert all(spec.size >= 200 for spec in FACETS if spec.kind != "review")  # "review" has one value


def test_restricted_cases_never_leak_to_anonymous_or_other_users(client, indexed, django_user_model):
    secret = indexed["secret"]
    other_user = factories.user()
    for user in (None, other_user):
        assert secret.pk not in ids(catalogue_search("watchlist", user=user))
        assert "covert" not in catalogue_search(user=user).facet_counts["tag"]
        assert secret.pk not in ids(catalogue_search(filters={"tag": ["covert"]}, user=user))
        assert not any("covert" in s["title"].lower() for s in suggest("Attendees only", user))
        assert secret.pk not in [hit.page_id for hit in related_cases(indexed["plates"], user, size=10)]
    attendee = factories.attendee()
    assert ids(catalogue_search("watchlist", user=attendee)) == {secret.pk}
    assert [s["title"] for s in suggest("Attendees on", attendee)] == [secret.title]
    assert secret.pk in [hit.page_id for hit in related_cases(indexed["plates"], attendee, size=10)]
    superuser = django_user_model.objects.create_superuser("root@example.org", "a-long-password")
    assert secret.pk in ids(catalogue_search("watchlist", user=superuser))
    # Through the page and the JSON endpoint, anonymously:
    assert "covert" not in client.get("/cases/", {"q": "plate"}).content.decode().lower()
    assert client.get("/cases/suggest/", {"q": "attendees"}).json()["suggestions"] == []


def test_suggestions_complete_title_words(indexed):
    titles = [s["title"] for s in suggest("retro fa", None)]
    assert titles == ["Retrospective face matching"]
    assert suggest("r", None) == []  # too short
    assert all(s["url"].startswith("/") for s in suggest("ca", None))


def test_related_cases_are_similar_visible_and_never_the_case_itself(indexed):
    related = related_cases(indexed["plates"], None, size=4)
    related_ids = [hit.page_id for hit in related]
    assert indexed["plates"].pk not in related_ids
    assert indexed["secret"].pk not in related_ids and indexed["draft"].pk not in related_ids
    assert related_ids and related_ids[0] in {indexed["faces"].pk, indexed["forensics"].pk}


def test_a_deep_page_stays_inside_the_result_window(indexed):
    results = catalogue_search(page=10**30)
    assert results.backend == "elasticsearch"
    assert results.page == 1 and results.total == 5
    assert MAX_PAGE * 20 <= 10_000


def test_related_cases_include_cases_sharing_a_category_when_no_text_is_alike(catalogue_index):
    def words(*text: str) -> dict[str, str]:
        # Every searched field distinct, so more-like-this finds nothing in common.
        return dict(zip(("title", "summary", "problem", "benefits", "outputs"), text, strict=True))

    same = {"categories": ("video-analytics",), "techniques": ("computer-vision",), "crime_areas": ("general-policing",)}
    case = factories.use_case(**words("Quay crane triage", "Harbour alarms sorted", "Noisy quays", "Calmer docks", "Ranked alarms"), **same)
    sibling = factories.use_case(**words("Orchard frost oracle", "Blossom damage", "Cold nights", "Saved fruit", "Warnings"), **same)
    stranger = factories.use_case(
        **words("Violin tuning helper", "Listens to strings", "Detuned bows", "Happier players", "Pitch advice"),
        categories=("licence-plate-recognition",), techniques=("natural-language-processing",), crime_areas=("vehicle-crime",),
    )
    catalogue_index.build()
    related_ids = [hit.page_id for hit in related_cases(case, None, size=4)]
    assert related_ids == [sibling.pk]
    assert stranger.pk not in related_ids


def test_result_links_keep_the_readers_language(client, catalogue_index):
    case = factories.use_case(title="Harbour drone survey")
    catalogue_index.build()
    path = case.url  # before a French request leaves French active in this thread
    assert not path.startswith("/fr/")
    english = client.get("/cases/?q=harbour").content.decode()
    french = client.get("/fr/cases/?q=harbour").content.decode()
    assert f'href="{path}?from=' in english or f'href="{path}"' in english  # a search result carries its click token
    assert f'href="/fr{path}?from=' in french or f'href="/fr{path}"' in french
