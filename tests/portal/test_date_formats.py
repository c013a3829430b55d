"""Dates and times read as sentences: the Wagtail lock banner ends "… 5 January 2026, 21:32." (not "p.m..")."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from django.urls import reverse
from django.utils import formats, translation

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

EVENING = datetime(2026, 1, 5, 21, 32, tzinfo=timezone.utc)


def test_no_english_format_ends_in_a_full_stop():
    with translation.override("en"):
        for name in ("DATETIME_FORMAT", "TIME_FORMAT", "SHORT_DATETIME_FORMAT", "DATE_FORMAT"):
            assert not formats.date_format(EVENING, name).endswith("."), name
        assert formats.date_format(EVENING, "DATETIME_FORMAT") == "5 January 2026, 21:32"


def test_the_lock_banner_ends_with_one_full_stop(admin_client, admin_user):
    case = factories.use_case(title="Plates", via_revision=True)
    case.locked, case.locked_by, case.locked_at = True, admin_user, EVENING
    case.save(update_fields=["locked", "locked_by", "locked_at"])
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[case.pk])).content.decode()
    assert "was locked</b> by <b>you</b> on <b>5 January 2026, 21:32</b>." in html
    assert not re.search(r"p\.m\.\.|a\.m\.\.", html)
