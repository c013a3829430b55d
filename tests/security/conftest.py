"""Fixtures of the security tests: one account per role and the objects whose URLs they try.

Shared by the permission matrix, the header/CSP/media tests and the hostile-input,
fault-drill and concurrency tests. ``people`` maps each role name to its user
(``None`` for the anonymous visitor); ``world`` holds one object of each kind a
URL can name: a submission of each organisation, a published case, an
attendees-only case, a draft case, a snippet, an image and a document.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests import factories

#: Every role the matrix knows, in the order reports list them.
ROLES = (
    "anonymous",
    "submitter",
    "other_submitter",
    "colleague",
    "attendee",
    "reviewer",
    "editor",
    "administrator",
)


#: The title of ``World.other_submission``'s page: only its submitter may ever meet it.
PRIVATE_DRAFT_TITLE = "PRIVATE-DRAFT of another organisation"


@pytest.fixture
def workflow(db):
    from moderation.setup import setup_moderation

    return setup_moderation()


def make_people() -> dict[str, Any]:
    """role → user (``None`` for the anonymous visitor); the review workflow exists."""
    from django.contrib.auth.models import Group

    from moderation.setup import EDITORS, REVIEWERS

    home = factories.organisation("Home police agency", domain="home-police.example.org")
    elsewhere = factories.organisation("Other police agency", domain="other-police.example.org", country="KE")

    def staff(email: str, group: str):
        person = factories.user(email, is_staff=True)
        person.groups.add(Group.objects.get(name=group))
        return person

    return {
        "anonymous": None,
        "submitter": factories.submitter("owner@home-police.example.org", org=home),
        "other_submitter": factories.submitter("stranger@other-police.example.org", org=elsewhere),
        "colleague": factories.submitter("colleague@home-police.example.org", org=home),
        "attendee": factories.attendee(email="attendee@meeting.example.org"),
        "reviewer": staff("reviewer@review.example.org", REVIEWERS),
        "editor": staff("editor@review.example.org", EDITORS),
        "administrator": factories.user("admin@review.example.org", is_staff=True, is_superuser=True),
    }


@dataclass
class World:
    submission: Any  # the submitter's, handed to review (its page is a draft in the workflow)
    other_submission: Any  # another organisation's, never submitted: a private draft (only its submitter sees it)
    published_case: Any
    attendees_case: Any
    draft_case: Any  # a case page never published nor submitted, owned by nobody: nobody sees it
    snippet: Any  # a review criterion (moderation snippet)
    image: Any
    document: Any
    image_in_submission: Any  # the Wagtail image attached to ``submission``'s draft page


def make_world(people: dict[str, Any]) -> World:
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from moderation.models import Criterion
    from portal.submission import submit
    from showcase import drafts

    submission = factories.complete_submission(people["submitter"], image_count=1)
    submit(submission, people["submitter"])
    submission.refresh_from_db()
    other = factories.complete_submission(people["other_submitter"])
    drafts.save_draft(other.page, other.submitter, {"title": PRIVATE_DRAFT_TITLE})
    document = get_document_model().objects.create(
        title="Internal evaluation report", file=ContentFile(b"CONFIDENTIAL-MARKER-document", name="report.txt")
    )
    return World(
        submission=submission,
        other_submission=other,
        published_case=factories.use_case(title="PUBLIC-published case", slug="published-case"),
        attendees_case=factories.use_case(
            title="ATTENDEES-ONLY case", slug="attendees-only-case", visibility="attendees"
        ),
        draft_case=factories.use_case(
            title="DRAFT case never published", slug="draft-case", publish=False, first_published_at=None
        ),
        snippet=Criterion.objects.active().first(),
        image=factories.image("A published picture"),
        document=document,
        image_in_submission=submission.page.specific.images.first().image,
    )


@pytest.fixture
def people(workflow) -> dict[str, Any]:
    """role → user (``None`` for the anonymous visitor)."""
    return make_people()


@pytest.fixture
def world(people) -> World:
    return make_world(people)


@pytest.fixture(scope="module")
def module_people(module_db, django_db_blocker) -> dict[str, Any]:
    """``people``, made once for a module whose tests only read them (module_db rolls them back at its end)."""
    with django_db_blocker.unblock():
        return make_people()


@pytest.fixture(scope="module")
def module_world(module_people, django_db_blocker) -> World:
    """``world``, made once for a module whose tests change it only inside their own savepoint."""
    with django_db_blocker.unblock():
        return make_world(module_people)


def client_for(user: Any, *, raise_request_exception: bool = True) -> Client:
    """A fresh test client, logged in as ``user`` unless it is None.

    ``raise_request_exception=False``: a server error comes back as its 500
    response instead of re-raising in the test.
    """
    client = Client(raise_request_exception=raise_request_exception)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def clients(people) -> dict[str, Client]:
    """role → a client logged in as that role (anonymous: not logged in)."""
    return {role: client_for(user) for role, user in people.items()}


def png_upload(name: str = "picture.png") -> io.BytesIO:
    upload = io.BytesIO(factories.png_bytes())
    upload.name = name
    return upload
