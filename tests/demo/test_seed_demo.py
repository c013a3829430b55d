"""manage.py seed_demo on one seeded demo database: idempotent accounts, catalogue, meeting, registrations, submissions.

Seeding the demo takes seconds; five tests each seeding it twice took a minute and a half of the suite. The
module seeds it twice once (``seeded``) and each test asserts on that (its own changes roll back after it).
What needs another starting state stays apart: refusing where demo data is off (``test_seed_demo_off.py``),
the meeting across a DST change (``test_demo_meeting.py``), registrations without a meeting
(``test_demo_meeting_registrations.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from zoneinfo import ZoneInfo

from demo.accounts import DEMO_LOGINS, demo_logins
from demo.catalogue import DEMO_CASE_COUNT
from demo.meeting import SLUG
from demo.meeting_registrations import REGISTRANTS
from portal.models import MeetingInvitation, MeetingRegistration, RegistrationStatus, Submission, User
from showcase import meetings
from showcase.models import MeetingPage, UseCaseImage, UseCasePage
from showcase.taxonomies import TAXONOMY_MODELS

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "cases": UseCasePage.objects.count(),
        "live": UseCasePage.objects.live().count(),
        "images": UseCaseImage.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "users": get_user_model().objects.count(),
    }


def seed(*args: str, **options: object) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


@dataclass(frozen=True)
class Seeded:
    first: dict[str, int]  # counts() after the first run
    second: dict[str, int]  # … and after the second
    first_out: str
    second_out: str


@pytest.fixture(scope="module")
def seeded(module_db, django_db_blocker) -> Seeded:
    """seed_demo run twice on an empty database, once for the module (rolled back after its last test)."""
    with django_db_blocker.unblock():
        first_out = seed()
        first = counts()
        second_out = seed()
        return Seeded(first=first, second=counts(), first_out=first_out, second_out=second_out)


def test_seed_demo_twice_leaves_the_same_accounts(seeded):
    # The demo logins, and the demo meeting's registrants (the demo attendee is one of them).
    people = {login.email for login in demo_logins()} | {email for email, *_rest in REGISTRANTS}
    assert get_user_model().objects.count() == seeded.second["users"] == seeded.first["users"] == len(people)
    out = seeded.first_out + seeded.second_out
    assert "admin@example.org" in out and "demo-admin-pass" in out
    admin = authenticate(username="admin@example.org", password="demo-admin-pass")
    assert admin is not None and admin.is_superuser


def test_seed_demo_builds_the_catalogue_idempotently_and_count_adds_cases(seeded, client):
    first = seeded.first
    assert first["cases"] == first["live"] == DEMO_CASE_COUNT + 2
    people = {login.email for login in DEMO_LOGINS} | {row[0] for row in REGISTRANTS}
    assert first["users"] == len(people) and first["restrictions"] >= 6  # the demo logins and meeting registrants

    # Every value of every taxonomy is used by at least one demo case.
    for model in TAXONOMY_MODELS:
        unused = model.objects.filter(cases__isnull=True).values_list("name", flat=True)
        assert not list(unused), f"{model.__name__}: {list(unused)}"
    # Pictures with alt text, some cases without.
    assert first["images"] >= 40
    assert not UseCaseImage.objects.filter(alt_text="").exists()
    assert UseCasePage.objects.filter(images__isnull=True).exists()

    assert seeded.second == first == counts()

    # The logins for each role are printed and work.
    out = seeded.first_out + seeded.second_out
    for role, email, password in [
        ("administrator", "admin@example.org", "demo-admin-pass"),
        ("editor", "editor@example.org", "demo-editor-pass"),
        ("reviewer", "reviewer@example.org", "demo-reviewer-pass"),
        ("submitter", "submitter@example.org", "demo-submitter-pass"),
        ("attendee", "attendee@example.org", "demo-attendee-pass"),
    ]:
        assert role in out and email in out and password in out
        assert authenticate(username=email, password=password) is not None
    attendee = authenticate(username="attendee@example.org", password="demo-attendee-pass")
    assert attendee.groups.filter(name="Attendees").exists()
    editor = authenticate(username="editor@example.org", password="demo-editor-pass")
    assert editor.has_perm("wagtailadmin.access_admin") and editor.has_perm("showcase.change_usecategory")

    # The demo catalogue renders, with pictures; restricted cases stay hidden from anonymous visitors.
    listing = client.get("/cases/")
    assert listing.status_code == 200 and "<img" in listing.content.decode()
    restricted = UseCasePage.objects.filter(visibility="attendees").first()
    assert restricted.title not in client.get("/cases/?page=1").content.decode()
    assert client.get(restricted.url).status_code == 302
    with_pictures = UseCasePage.objects.filter(images__isnull=False, visibility="public").first()
    assert "srcset=" in client.get(with_pictures.url).content.decode()

    # --count N adds exactly N generated cases that render, and numbering continues.
    seed(count=25)
    after = counts()
    assert after["cases"] == first["cases"] + 25 and after["live"] == first["live"] + 25
    generated = UseCasePage.objects.filter(slug__startswith="generated-").order_by("slug")
    assert [p.slug for p in generated][:2] == ["generated-000001", "generated-000002"]
    for page in generated.filter(visibility="public")[:5]:
        assert client.get(page.url).status_code == 200
    seed(count=2)
    assert UseCasePage.objects.filter(slug="generated-000027").exists()
    assert not any(Page.find_problems())


def test_seed_demo_creates_a_five_day_meeting_with_spotlighted_cases_once(seeded):
    assert "Demo meeting: kept" in seeded.second_out
    meeting = MeetingPage.objects.get(slug=SLUG)
    assert meeting.live and MeetingPage.objects.count() == 1
    sessions = list(meeting.sessions.order_by("starts_at"))
    assert len({s.date for s in sessions}) == 5 and meeting.start_date.weekday() == 0
    assert sessions[0].starts_at.astimezone(ZoneInfo("Europe/Vienna")).hour == 14
    assert min(s.start_time for s in sessions).hour == 14 and max(s.end_time for s in sessions).hour == 18
    spotlit = [case for s in sessions for case in s.spotlight_cases.all()]
    assert len(spotlit) >= 3 and any(case.visibility == "attendees" for case in spotlit)
    assert meetings.current_meeting().pk == meeting.pk


def test_the_demo_organiser_vets_registrations_in_each_state(seeded, client):
    page = meetings.current_meeting()  # the demo meeting
    assert MeetingRegistration.objects.filter(meeting=page).count() == len(REGISTRANTS)
    assert set(MeetingRegistration.objects.values_list("status", flat=True)) == set(RegistrationStatus.values)
    assert MeetingInvitation.objects.filter(meeting=page).exists()
    organiser = authenticate(username="organiser@example.org", password="demo-organiser-pass")
    assert organiser is not None
    client.force_login(organiser)
    listing = client.get(reverse("meeting_registrations:listing"))
    assert listing.status_code == 200 and "Amira Haddad" in listing.content.decode()
    # The registrants without a demo password cannot log in.
    assert not User.objects.get(email="sales@vendor.example.com").has_usable_password()


def test_demo_submissions_are_created_once_in_three_statuses(seeded):
    # On the seeded demo (no submissions yet): --with-submissions adds the three, and a second run keeps them.
    assert not Submission.objects.exists()
    seed("--with-submissions")
    statuses = sorted(Submission.objects.values_list("status", flat=True))
    assert statuses == ["changes_requested", "draft", "submitted"]
    out = seed("--with-submissions")
    assert Submission.objects.count() == 3
    assert "Demo submissions: 0 created, 3 kept." in out
    submitter = Submission.objects.first().submitter
    assert submitter.email == "submitter@example.org" and submitter.email_verified and submitter.organisation
