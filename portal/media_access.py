"""Who may see an uploaded image: whoever may see a case that uses it (issue 13, point 3).

An image follows the cases it appears on. Its original and every rendition are
served by ``portal.media`` after ``image_access`` says yes:

- **public** — it is on the live version of a case an anonymous visitor may read
  (published, no view restriction): everyone, and caches may keep it;
- otherwise, for a signed-in person, privately, when any case using it is one they
  may see: the live version of an attendees-only case they may read (Wagtail's view
  restrictions, ``showcase.visibility.visible_pages``); any version of their own
  submission or a colleague's (``portal.submission.visible_submissions``, as the
  portal already shows them); a case that was submitted (never an unsubmitted draft)
  and that they may edit in the admin (reviewers, editors); administrators see all;
- an image used by **no** case (Wagtail's image library) is for the staff who may
  manage it there (``wagtail.images.permissions``), unless a submitter uploaded it
  (a picture removed from a draft stays the submitter's); its uploader always sees it.

"Uses" means the page row (the live version of a published case; a never-published
draft, which ``showcase.drafts`` and Wagtail's editor keep in step) or the latest
revision of a page with unpublished changes (an update of a published case may add
an image only there).

This module lives in portal, the top app, because it needs the submitter; showcase
stays unaware of it.
"""

from __future__ import annotations

import enum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from wagtail.images import get_image_model
from wagtail.models import Revision
from wagtail.permissions import policy_registry

from showcase.models import UseCasePage
from showcase.visibility import visible_pages

from .submission import visible_submissions


class Access(enum.Enum):
    PUBLIC = "public"  # anyone; shared caches may keep it
    PRIVATE = "private"  # this person only; nobody may keep a copy
    REFUSED = "refused"


def image_access(user: Any, image: Any) -> Access:
    """May ``user`` (None or anonymous for a visitor) see ``image``, and may the answer be cached publicly?"""
    row_pages = list(UseCasePage.objects.filter(images__image=image).values_list("pk", "live").distinct())
    live_ids = [pk for pk, live in row_pages if live]
    if live_ids and visible_pages(UseCasePage.objects.filter(pk__in=live_ids), AnonymousUser()).exists():
        return Access.PUBLIC
    if user is None or not user.is_authenticated or not user.is_active:
        return Access.REFUSED  # decided in two queries: no revision is read for a visitor
    if user.is_superuser or image.uploaded_by_user_id == user.pk:
        return Access.PRIVATE
    if live_ids and visible_pages(UseCasePage.objects.filter(pk__in=live_ids), user).exists():
        return Access.PRIVATE
    page_ids = {pk for pk, _live in row_pages} | pages_with_image_in_latest_revision(image.pk)
    if not page_ids:
        return Access.PRIVATE if _library_image_for(user, image) else Access.REFUSED
    if visible_submissions(user).filter(page_id__in=page_ids).exists():
        return Access.PRIVATE
    if _staff_may_see_any(user, page_ids):
        return Access.PRIVATE
    return Access.REFUSED


def pages_with_image_in_latest_revision(image_id: int) -> set[int]:
    """Ids of case pages with unpublished changes whose latest revision shows the image.

    The database narrows the revisions down with a pattern on the JSON of their
    ``images`` (it works alike on PostgreSQL and SQLite); each candidate is then
    checked exactly in Python, so a loose match can only cost time, never grant access.
    """
    pending = UseCasePage.objects.filter(has_unpublished_changes=True).values("latest_revision_id")
    candidates = Revision.objects.filter(pk__in=pending, content__images__regex=rf'"image": ?{int(image_id)}[,}}]')
    return {
        int(revision.object_id)
        for revision in candidates.only("object_id", "content")
        if any(item.get("image") == image_id for item in revision.content.get("images") or [])
    }


def _staff_may_see_any(user: Any, page_ids: set[int]) -> bool:
    """A reviewer or editor sees a case's images as the admin shows them the case: once it was submitted."""
    submitted_or_staff_made = Q(submission__isnull=True) | Q(submission__submitted_at__isnull=False)
    pages = UseCasePage.objects.filter(submitted_or_staff_made, pk__in=page_ids)
    return any(page.permissions_for_user(user).can_edit() for page in pages)


def _is_staff(user: Any) -> bool:
    return user is not None and user.is_active and user.has_perm("wagtailadmin.access_admin")


def _library_image_for(user: Any, image: Any) -> bool:
    """An image on no case: staff who may change or choose it in Wagtail's library, unless a submitter uploaded it."""
    uploader = image.uploaded_by_user
    if uploader is not None and not _is_staff(uploader):
        return False
    policy = policy_registry.get_by_type(get_image_model())  # Wagtail's collection-based image permissions
    return _is_staff(user) and policy.user_has_any_permission_for_instance(user, ["change", "choose"], image)
