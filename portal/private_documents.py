"""Documents are staff material: they live in the "Staff only" collection unless an editor deliberately moves them.

Wagtail serves a document to anyone when its collection has no privacy
setting, and uploads land in the root collection by default. Here:

- ``ensure_staff_collection`` (after every ``migrate`` and test flush) keeps a
  "Staff only" collection whose view restriction admits the staff groups
  (``TWO_FACTOR_REQUIRED_GROUPS``) and administrators;
- a document saved into the root collection goes to "Staff only" instead
  (``pre_save``), so whatever uploads it, it is private unless an editor
  chooses a collection that is meant to be public;
- ``refuse_outsiders`` (``before_serve_document``) answers a signed-in
  person outside those groups 403, where Wagtail would send them to a log-in
  page they have already passed; visitors are sent to log in.
Staff reach ``/documents/`` only after their second factor (``two_factor.middleware``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

STAFF_COLLECTION = "Staff only"
#: The staff groups this collection admits, created here if missing (moderation creates them too).
STAFF_GROUPS_ALWAYS = ("Reviewers", "Editors")


@transaction.atomic
def ensure_staff_collection() -> Collection | None:
    root = Collection.get_first_root_node()
    if root is None:  # a flushed test database: no collections until a test puts the root back
        return None
    collection = root.get_children().filter(name=STAFF_COLLECTION).first() or root.add_child(name=STAFF_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
    for name in STAFF_GROUPS_ALWAYS:
        Group.objects.get_or_create(name=name)
    restriction.groups.add(*Group.objects.filter(name__in=[*STAFF_GROUPS_ALWAYS, *settings.TWO_FACTOR_REQUIRED_GROUPS]))
    return collection


def after_migrate(sender: Any, **kwargs: Any) -> None:
    ensure_staff_collection()


def into_staff_collection(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``pre_save`` of documents: the root collection (the upload default) means "Staff only"."""
    if kwargs.get("raw"):
        return
    root = Collection.get_first_root_node()
    if root is not None and instance.collection_id in (None, root.pk):
        instance.collection = ensure_staff_collection()


def refuse_outsiders(document: Any, request: HttpRequest) -> None:
    """``before_serve_document``: a signed-in person a group restriction does not admit gets 403, not a log-in loop."""
    if not request.user.is_authenticated:
        return None  # Wagtail's own check sends them to log in
    for restriction in document.collection.get_view_restrictions():
        if restriction.restriction_type == BaseViewRestriction.GROUPS and not restriction.accept_request(request):
            raise PermissionDenied
    return None
