"""Search alerts in Chromium (issue 17.1): a signed-in attendee searches, asks for alerts, finds them on the account page.

axe-core (WCAG 2.1 A/AA) on the catalogue with the alert form and on the account page.
"""

from __future__ import annotations

import pytest

from tests import factories

from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_attendee_gets_alerts_for_a_search_and_sees_them_on_the_account_page(a11y_tab, axe, site_tree, settings):
    settings.ELASTICSEARCH_URL = ""  # the catalogue's database search: no index to build for this journey
    factories.use_case(title="Cameras at the station")
    attendee = factories.attendee(email="attendee@example.org", password=PASSWORD)

    tab = a11y_tab()
    log_in(tab, attendee.email)
    tab.goto("/cases/?q=cameras&category=video-analytics")
    alerts = tab.get_by_role("region", name="Get alerts for this search")
    alerts.get_by_label("Daily").check()
    axe.check(tab, "catalogue-with-alert-form")
    alerts.get_by_role("button", name="Get alerts").click()

    tab.get_by_role("heading", name="Your search alerts").wait_for()
    tab.get_by_text("Your search alert is saved").wait_for()
    tab.get_by_role("heading", name="Words: “cameras”; Use category: Video analytics").wait_for()
    assert tab.get_by_label("Daily").is_checked()
    axe.check(tab, "search-alerts-account-page")
    axe.assert_clean()

    from portal.models import SavedSearch

    (alert,) = SavedSearch.objects.filter(user=attendee)
    assert (alert.query_string, alert.frequency) == ("q=cameras&category=video-analytics", "daily")
