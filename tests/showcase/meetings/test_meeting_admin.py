"""Editors create and edit meetings in the Wagtail admin: the forms render, the programme's times are local."""

from datetime import date, time

import pytest
from django.urls import reverse

from portal.models import User
from showcase.models import MeetingPage
from tests import meeting_factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("chief@example.org", "admin-password-1"))
    return client


def test_the_meeting_forms_render_in_the_admin(admin_client):
    index = mf.meeting_index()
    meeting = mf.meeting(sessions=[(date(2030, 3, 4), time(14), time(18))])
    add = admin_client.get(reverse("wagtailadmin_pages:add", args=["showcase", "meetingpage", index.pk]))
    assert add.status_code == 200 and b"time_zone" in add.content and b"joining_url" in add.content
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[meeting.pk]))
    html = edit.content.decode()
    assert edit.status_code == 200 and "sessions-0-start_time" in html and "sessions-0-spotlight_cases" in html


def test_a_meeting_page_is_not_in_the_public_api_or_search_with_its_joining_link(client):
    meeting = mf.meeting(joining_url="https://meet.example.org/SECRET-room")
    assert "joining_url" not in {field.field_name for field in MeetingPage.get_search_fields() if hasattr(field, "field_name")}
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and meeting.url.encode() in sitemap.content and b"SECRET-room" not in sitemap.content
    for url in ("/api/v1/cases/", "/feeds/cases.atom", "/cases/?q=SECRET"):
        response = client.get(url)
        assert response.status_code == 200 and b"SECRET-room" not in response.content
    assert meeting.joining_url_for(None) == ""
