"""Wagtail documents are served only by Wagtail's checked view, never straight from MEDIA_ROOT.

Documents in a private collection (a collection view restriction) are refused to
anyone who does not pass it. Documents in the root collection are public by
Wagtail's design: putting staff documents in a private collection by default is
a later issue (docs/SECURITY.md, "Known limitations").
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
