"""What staff may do with the catalogue's pages in Wagtail's admin.

Three rules, enforced where Wagtail asks — the page's permission tester
(``UseCasePage.permissions_for_user``), the page permission policy behind every
admin listing (explorer, admin search, admin API, reports, site history) — and
again at the door (``showcase.admin_guard``) and in the page hooks:

1. **Drafts are private.** A case its submitter has never submitted — never
   published and never handed to a workflow — belongs to its owner (the
   submitter, or the member of staff who created it in the admin). Nobody else
   lists, opens, previews, edits, submits or acts on it, administrators
   included: they read it only through the logged support view
   (``showcase.draft_support``). Once submitted, a case stays visible to staff,
   also after a withdrawal (it was submitted once). "Submitted" is read from
   Wagtail's ``WorkflowState``, so this app needs nothing from the portal.
2. **Nothing submitted is destroyed.** Deleting, moving or copying a case or
   the catalogue is for superusers only (and a superuser cannot delete a page
   a submission refers to: ``showcase.wagtail_hooks``).
3. **Locks and publication follow the review.** While a task runs, the task
   decides who may lock (claim) the case (``user_can_lock``, the same rules as
   the moderation queue's claim) and only the claimant or a superuser unlocks
   it; with no task running, only superusers lock a case, so no lock can wait
   for the next review. Publishing, unpublishing and view restrictions of a
   case are for superusers: publication is the workflow's finish action.

https://docs.wagtail.org/en/stable/reference/pages/model_reference.html#wagtail.models.Page.permissions_for_user
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from wagtail.models import Page, PagePermissionTester, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

# --- Rule 1: private drafts ----------------------------------------------------------------------


#: The page model of a case, by its label: the models import this module (their permission testers), so it
#: does not import them.
CASE_MODEL = ("showcase", "usecasepage")


def _case_content_type() -> ContentType:
    return ContentType.objects.get_by_natural_key(*CASE_MODEL)


def never_submitted_drafts() -> QuerySet[Page]:
    """Case pages never published and never handed to a workflow (whoever owns them)."""
    workflow_states = WorkflowState.objects.filter(
        base_content_type_id=ContentType.objects.get_for_model(Page).pk,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return Page.objects.filter(
        content_type_id=_case_content_type().pk,
        live=False,
        first_published_at__isnull=True,
        last_published_at__isnull=True,
    ).exclude(Exists(workflow_states))


def private_drafts_for(user: Any) -> QuerySet[Page]:
    """The never-submitted drafts ``user`` may not see: all but their own."""
    drafts = never_submitted_drafts()
    if user is not None and user.is_authenticated:
        drafts = drafts.exclude(owner_id=user.pk)
    return drafts


def is_private_draft(page: Page, user: Any) -> bool:
    """True when ``page`` is a never-submitted case that ``user`` does not own."""
    if page.content_type_id != _case_content_type().pk:
        return False
    if page.live or page.first_published_at or page.last_published_at:
        return False
    if user is not None and user.is_authenticated and page.owner_id == user.pk:
        return False
    return not WorkflowState.objects.for_instance(page).exists()


class PrivateDraftsUnindexed:
    """Mixed into the case page: never-submitted drafts stay out of Wagtail's search index.

    They belong to their submitter alone (rule 1), so the admin's page search has no business
    finding them; and each wizard save of a draft is spared an index update. The index task checks
    this queryset before it indexes a saved page, and a draft's save enqueues none
    (``showcase.draft_indexing``); review's hand-over indexes the page once it is submitted
    (``moderation.handover.start_review``).
    """

    #: Wagtail's own save and delete handlers are replaced by ``showcase.draft_indexing``'s.
    search_auto_update = False

    @classmethod
    def get_indexed_objects(cls) -> QuerySet:
        return super().get_indexed_objects().exclude(pk__in=never_submitted_drafts().values("pk"))


class CasePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, without other people's private drafts in any listing (superusers' too)."""

    def explorable_instances(self, user):
        return super().explorable_instances(user).exclude(pk__in=private_drafts_for(user).values("pk"))

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return pages.exclude(pk__in=private_drafts_for(user).values("pk"))


# --- The testers -----------------------------------------------------------------------------------


class CataloguePermissionTester(PagePermissionTester):
    """The catalogue holds every case: only superusers delete, move or copy it (rule 2)."""

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return self.user.is_superuser and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self) -> bool:
        return self.user.is_superuser and super().can_move()

    def can_copy(self) -> bool:
        return self.user.is_superuser and super().can_copy()


class CasePermissionTester(CataloguePermissionTester):
    """One case: rules 1, 2 and 3 of the module docstring, on top of Wagtail's own checks."""

    @cached_property
    def is_private_draft(self) -> bool:
        return is_private_draft(self.page, self.user)

    # Rule 1: nothing at all on somebody else's private draft. Every ``can_*`` of Wagtail's tester is here.
    def can_add_subpage(self) -> bool:
        return not self.is_private_draft and super().can_add_subpage()

    def can_edit(self) -> bool:
        return not self.is_private_draft and super().can_edit()

    def can_view_revisions(self) -> bool:
        return not self.is_private_draft and super().can_view_revisions()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return not self.is_private_draft and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self) -> bool:
        return not self.is_private_draft and super().can_move()

    def can_copy(self) -> bool:
        return not self.is_private_draft and super().can_copy()

    def can_move_to(self, destination: Page) -> bool:
        return not self.is_private_draft and self.can_move() and super().can_move_to(destination)

    def can_copy_to(self, destination: Page, recursive: bool = False) -> bool:
        return not self.is_private_draft and super().can_copy_to(destination, recursive=recursive)

    def can_reorder_children(self) -> bool:
        return not self.is_private_draft and super().can_reorder_children()

    def can_submit_for_moderation(self) -> bool:
        """Only the owner hands an unpublished case to review: staff never submit it for the submitter."""
        if self.is_private_draft or not super().can_submit_for_moderation():
            return False
        return self.page.owner_id == self.user.pk or self.page.first_published_at is not None

    # Rule 3: publication is the workflow's finish action (superusers keep their override).
    def can_publish(self) -> bool:
        return not self.is_private_draft and self.user.is_superuser and super().can_publish()

    def can_unpublish(self) -> bool:
        return not self.is_private_draft and self.user.is_superuser and super().can_unpublish()

    def can_publish_subpage(self) -> bool:
        return not self.is_private_draft and self.user.is_superuser and super().can_publish_subpage()

    def can_set_view_restrictions(self) -> bool:
        return self.can_publish()

    def can_unschedule(self) -> bool:
        return self.can_publish()

    def can_lock(self) -> bool:
        """The current task decides (the queue's claim rules); with no task running, superusers only."""
        if self.is_private_draft or not self.user.is_active:
            return False
        task = self.page.current_workflow_task
        if task is not None:
            return bool(task.user_can_lock(self.page, self.user))
        return self.user.is_superuser

    def can_unlock(self) -> bool:
        """Superusers and the lock's holder; during a task, whoever the task allows (nobody else, ours say)."""
        if self.is_private_draft or not self.user.is_active:
            return False
        return super().can_unlock()
