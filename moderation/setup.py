"""``setup_moderation()``: the groups, their permissions, the two tasks and the workflow — idempotent.

The one place that creates the review workflow and assigns it to a
catalogue. Run by ``manage.py setup_moderation``, after every ``migrate``
(``after_migrate``, connected in ``ModerationConfig.ready``; a test database
that Django flushes gets it again the same way), and by ``seed_demo``. It
creates what is missing and leaves what exists as editors may have changed it
(task groups, workflow order), except that the workflow is (re)assigned to
every catalogue page. A catalogue created later gets it when it is saved
(``on_catalogue_created``).
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from showcase.models import CataloguePage
from showcase.taxonomies import TAXONOMY_MODELS

from .models import ReviewTask, SignOffTask

REVIEWERS = "Reviewers"
EDITORS = "Editors"
WORKFLOW_NAME = "Responsible-use review"
REVIEW_TASK_NAME = "Responsible-use review"
SIGN_OFF_TASK_NAME = "Editorial sign-off"

#: Page permissions on the catalogue, by group. Reviewers open and claim (lock) cases;
#: editors also add cases and release claims. Neither group gets ``publish_page``:
#: publication is the workflow's finish action, so nothing reaches the public
#: without a review and a sign-off. (setup_moderation only adds permissions.)
PAGE_PERMISSIONS = {
    REVIEWERS: ("change_page", "lock_page"),
    EDITORS: ("add_page", "change_page", "lock_page", "unlock_page"),
}
#: Model permissions: editors reword, reorder and retire criteria; reviewers may read them.
CRITERION_PERMISSIONS = {
    REVIEWERS: ("view_criterion",),
    EDITORS: ("add_criterion", "change_criterion", "view_criterion",
              # Problem reports (issue 15): editors decide their outcome; nobody adds or deletes them in the admin.
              "change_problemreport", "view_problemreport"),
}
#: Editors keep the catalogue's search thesaurus (showcase.ThesaurusEntry).
THESAURUS_PERMISSIONS = {
    REVIEWERS: (),
    EDITORS: ("add_thesaurusentry", "change_thesaurusentry", "delete_thesaurusentry", "view_thesaurusentry"),
}

#: Editors keep the taxonomies (add, rename, retire with "active"); deleting a value stays with administrators.
TAXONOMY_ACTIONS = {
    REVIEWERS: (),
    EDITORS: ("add", "change", "view"),
}

#: Editors read the catalogue's search report (showcase.search_report) and pin cases for a query
#: (Wagtail's "Promoted search results"); reviewers do neither. (app label, codename)
SEARCH_PERMISSIONS = {
    REVIEWERS: (),
    EDITORS: (("showcase", "view_queryoutcome"),
              ("wagtailsearchpromotions", "add_searchpromotion"),
              ("wagtailsearchpromotions", "change_searchpromotion"),
              ("wagtailsearchpromotions", "delete_searchpromotion")),
}


@dataclass(frozen=True)
class SetupResult:
    workflow_id: int
    review_task_id: int
    sign_off_task_id: int
    catalogues: int


def _permission(app_label: str, codename: str) -> Permission | None:
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def ensure_groups() -> dict[str, Group]:
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (REVIEWERS, EDITORS)}
    access_admin = _permission("wagtailadmin", "access_admin")
    for name, group in groups.items():
        perms = [access_admin] + [_permission("moderation", c) for c in CRITERION_PERMISSIONS[name]]
        perms += [_permission("showcase", c) for c in THESAURUS_PERMISSIONS[name]]
        perms += [_permission(app, c) for app, c in SEARCH_PERMISSIONS[name]]
        perms += [_permission("showcase", f"{action}_{model._meta.model_name}")
                  for model in TAXONOMY_MODELS for action in TAXONOMY_ACTIONS[name]]
        group.permissions.add(*[p for p in perms if p is not None])
    return groups


def assign_to_catalogue(catalogue: Page, workflow: Workflow, groups: dict[str, Group]) -> None:
    """Cases under ``catalogue`` are reviewed by ``workflow``; the groups get their page permissions there."""
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            permission = _permission("wagtailcore", codename)
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=groups[name], page=catalogue, permission=permission)


@transaction.atomic
def setup_moderation() -> SetupResult:
    groups = ensure_groups()
    review_task = ReviewTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if review_task is None:
        review_task = ReviewTask.objects.create(name=REVIEW_TASK_NAME)
        review_task.groups.set([groups[REVIEWERS]])
    sign_off_task = SignOffTask.objects.filter(name=SIGN_OFF_TASK_NAME).first()
    if sign_off_task is None:
        sign_off_task = SignOffTask.objects.create(name=SIGN_OFF_TASK_NAME)
        sign_off_task.groups.set([groups[EDITORS]])
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=review_task, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=sign_off_task, sort_order=1)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])

    catalogues = list(CataloguePage.objects.all())
    for catalogue in catalogues:
        assign_to_catalogue(catalogue, workflow, groups)
    return SetupResult(workflow.pk, review_task.pk, sign_off_task.pk, len(catalogues))


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate``: the permissions the groups need exist first, then the groups, tasks and workflow."""
    create_contenttypes(sender, verbosity=0, using=using)
    create_permissions(sender, verbosity=0, using=using)
    # Apps listed after this one in INSTALLED_APPS (search_promotions) get their permissions later otherwise.
    for label in sorted({app for app, _codename in SEARCH_PERMISSIONS[EDITORS]}):
        try:
            config = django_apps.get_app_config(label)
        except LookupError:  # not installed
            continue
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)
    setup_moderation()


def on_catalogue_created(sender: Any, instance: CataloguePage, created: bool = False, raw: bool = False,
                         **kwargs: Any) -> None:
    """``post_save`` of a catalogue: one created later (e.g. by ``seed_demo``) is reviewed at once."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if created and not raw and workflow is not None:
        assign_to_catalogue(instance, workflow, ensure_groups())
