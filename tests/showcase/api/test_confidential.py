"""No confidential value reaches the API or the exports, for any caller.

A real submission goes through the wizard's forms (contact person, e-mail, phone,
accountable person, security and supplier terms… hold marker strings), its page is
published, and a reviewer's assessment holds marker notes; the organisation's name is
hidden. Every endpoint is then read as an anonymous visitor and as an attendee.
"""

from __future__ import annotations

import pytest

from moderation.models import Assessment, Rating, RedFlagOverride
from tests import factories

from .conftest import body

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

REVIEWER_MARKERS = {
    "note": "CONFIDENTIAL-MARKER-reviewer-note",
    "message": "CONFIDENTIAL-MARKER-message-to-submitter",
    "justification": "CONFIDENTIAL-MARKER-override-justification",
}
HIDDEN_ORGANISATION = "CONFIDENTIAL-MARKER-hidden-organisation-name"


@pytest.fixture
def published_submission(settings):
    settings.ELASTICSEARCH_URL = ""  # the database search reads the page itself: the strictest check
    item = factories.complete_submission()
    page = item.page
    page.organisation_name = HIDDEN_ORGANISATION
    page.show_organisation_name = False
    page.save_revision().publish()
    page.refresh_from_db()
    assessment = Assessment.objects.create(
        page=page, decision=Assessment.APPROVED, message=REVIEWER_MARKERS["message"], public_summary="PUBLIC review"
    )
    Rating.objects.create(
        assessment=assessment, code="lawful-basis", principle="Lawfulness", question="Q?", rating="meets",
        note=REVIEWER_MARKERS["note"],
    )
    RedFlagOverride.objects.create(
        assessment=assessment, rule="r", criterion_code="c", flag_message="f", justification=REVIEWER_MARKERS["justification"]
    )
    assert page.live and item.contact_email == factories.CONFIDENTIAL_MARKERS["contact_email"]
    return page


def endpoints(slug: str) -> list[str]:
    return [
        "/api/v1/cases/",
        "/api/v1/cases/?q=licence+plates",
        f"/api/v1/cases/{slug}/",
        "/api/v1/facets/",
        "/api/v1/taxonomies/",
        "/api/v1/export/cases.csv",
        "/api/v1/export/cases.json",
        "/api/v1/export/schema.json",
        "/api/v1/openapi.json",
    ]


@pytest.mark.parametrize("caller", ["anonymous", "attendee"])
def test_no_confidential_marker_in_any_response(published_submission, api, caller):
    if caller == "attendee":
        api.force_login(factories.attendee())
    markers = [*factories.CONFIDENTIAL_MARKERS.values(), *REVIEWER_MARKERS.values(), HIDDEN_ORGANISATION]
    markers += [value for step in factories.WIZARD_ANSWERS.values() for value in step.values()
                if isinstance(value, str) and value.startswith("CONFIDENTIAL-MARKER")]
    seen_case = 0
    for url in endpoints(published_submission.slug):
        response = api.get(url)
        assert response.status_code == 200, url
        text = body(response)
        for marker in markers:
            assert marker not in text, (url, marker)
        seen_case += published_submission.title in text
    # The case itself is there (the test would pass vacuously otherwise), under its public organisation label.
    assert seen_case >= 5
    detail = api.get(f"/api/v1/cases/{published_submission.slug}/").json()
    assert detail["organisation"] == published_submission.organisation_display != HIDDEN_ORGANISATION
    assert detail["summary"].startswith("PUBLIC-summary")
