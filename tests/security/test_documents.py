"""Wagtail documents are served only by Wagtail's checked view, never straight from MEDIA_ROOT.

Documents in a private collection (a collection view restriction) are refused to
anyone who does not pass it. An upload into the root collection (Wagtail's default)
goes to the "Staff only" collection instead, served to staff alone (issue 18).
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.security.conftest import client_for

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]


def document_in(collection, title: str = "Internal evaluation report"):
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title=title, collection=collection, file=ContentFile(b"CONFIDENTIAL-MARKER-document", name="evaluation.txt")
    )


@pytest.fixture
def private_collection(db):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Staff documents")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


def test_document_links_go_through_the_checked_view(private_collection):
    document = document_in(private_collection)
    assert document.url == reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    assert not document.url.startswith("/media/")
    # The stored file itself is never served from /media/.
    response = client_for(None).get(f"/media/{document.file.name}")
    assert response.status_code == 404 and b"CONFIDENTIAL" not in response.content


def test_a_document_in_a_private_collection_is_refused_to_visitors(people, private_collection):
    document = document_in(private_collection)
    anonymous = client_for(None).get(document.url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    signed_in = client_for(people["reviewer"]).get(document.url)
    assert signed_in.status_code == 200
    assert b"".join(signed_in.streaming_content) == b"CONFIDENTIAL-MARKER-document"


def test_a_wrong_file_name_for_a_document_id_is_404(private_collection, people):
    document = document_in(private_collection)
    url = reverse("wagtaildocs_serve", args=[document.pk, "guess.txt"])
    assert client_for(people["reviewer"]).get(url).status_code == 404


# --- Staff only by default (issue 18, portal/private_documents.py) --------------------------------------------


def test_an_upload_goes_to_the_staff_only_collection_and_only_staff_get_it(people):
    from wagtail.documents import get_document_model

    from portal.private_documents import STAFF_COLLECTION

    document = get_document_model().objects.create(
        title="Evaluation", file=ContentFile(b"CONFIDENTIAL-MARKER-document", name="evaluation.txt")
    )
    assert document.collection.name == STAFF_COLLECTION
    anonymous = client_for(None).get(document.url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    for role in ("submitter", "colleague", "attendee"):
        response = client_for(people[role]).get(document.url)
        assert response.status_code == 403, role
        assert b"CONFIDENTIAL" not in response.content
    for role in ("reviewer", "editor", "administrator"):
        response = client_for(people[role]).get(document.url)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == b"CONFIDENTIAL-MARKER-document"


def test_the_admin_upload_form_defaults_to_staff_only(people):
    from wagtail.documents import get_document_model

    from wagtail.models import Collection

    client = client_for(people["editor"])
    form = client.get(reverse("wagtaildocs:add")).content.decode()
    assert "Staff only" in form
    root = Collection.get_first_root_node()  # the form's first choice, as an editor in a hurry leaves it
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Uploaded report", "collection": root.pk,
         "file": ContentFile(b"CONFIDENTIAL-upload", name="upload.txt")},
    )
    assert response.status_code == 302, response.content[:400]
    uploaded = get_document_model().objects.get(title="Uploaded report")
    assert uploaded.collection.name == "Staff only"
    assert client_for(people["submitter"]).get(uploaded.url).status_code == 403


def test_staff_without_a_second_factor_get_no_document(people):
    from django.test import Client
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(title="Evaluation", file=ContentFile(b"x", name="e.txt"))
    client = Client()
    client.unverified = True  # signed in with the password only
    client.force_login(people["reviewer"])
    response = client.get(document.url)
    assert response.status_code == 302 and "/two-factor/" in response["Location"]


def test_an_editor_may_still_publish_a_document_in_a_collection_meant_to_be_public(people):
    from wagtail.models import Collection

    public = Collection.get_first_root_node().add_child(name="Public handouts")
    document = document_in(public, "Programme")
    assert client_for(None).get(document.url).status_code == 200
