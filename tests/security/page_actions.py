"""Every admin page action as a POST: its URL and data for one case, and what it could change.

Used by the permission matrix (``test_permission_matrix.py``: every action × every role ×
a draft, a case in review and a case awaiting sign-off, with and without a CSRF token)
and by the focused tests of private drafts and of cases that are never destroyed.

``PAGE_ACTION_URL_NAMES`` lists every page URL of Wagtail's admin that acts on one
page; ``test_every_page_action_of_the_admin_is_posted`` fails when Wagtail adds one
that is not posted here, so a new door cannot open unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

#: Fields of a case's edit form that hold one value (the taxonomies as ids).
_SINGLE = (
    "title", "slug", "summary", "content_language", "organisation_name", "organisation_type_id", "deployment_stage_id",
    "problem", "benefits", "outputs", "decision_role_id", "build_approach", "supplier_name", "data_summary",
    "legal_basis_summary", "necessity_proportionality", "risk_tier_claimed_id", "annex_iii_point",
    "impact_assessments_summary", "evaluation_summary", "human_oversight", "redress_route", "accountable_role",
    "logging_audit_summary", "visibility", "seo_title", "search_description",
)
_MANY = ("use_categories", "ai_techniques", "crime_areas", "affected_persons")


def edit_form_data(page: Page, **overrides: Any) -> dict[str, Any]:
    """What the admin's edit form posts for ``page`` as its latest revision has it (a plain "Save draft").

    Built for a case page; for another page (the catalogue) only its title and slug matter.
    """
    draft = page.specific.get_latest_revision_as_object()
    data: dict[str, Any] = {name.removesuffix("_id"): getattr(draft, name, "") or "" for name in _SINGLE}
    if getattr(draft, "show_organisation_name", False):
        data["show_organisation_name"] = "on"
    tags = getattr(draft, "tags", None)
    data["tags"] = ", ".join(tag.name for tag in tags.all()) if tags is not None else ""
    images = [{"id": item.pk or "", "image": item.image_id, "alt_text": item.alt_text, "caption": item.caption}
              for item in (draft.images.all() if hasattr(draft, "images") else [])]
    data["images"] = inline_formset(images, initial=sum(1 for item in images if item["id"]))
    data["comments"] = inline_formset([])
    data.update(overrides)
    flat = nested_form_data(data)
    flat["countries"] = [str(country) for country in getattr(draft, "countries", [])]
    for name in _MANY:
        flat[name] = [str(obj.pk) for obj in getattr(draft, name).all()] if hasattr(draft, name) else []
    return flat


def snapshot(page_id: int) -> dict[str, Any]:
    """What any page action could change: the page row, the tree, the workflow, view restrictions."""
    row = Page.objects.filter(pk=page_id).values(
        "path", "live", "locked", "locked_by_id", "latest_revision_id", "title", "draft_title", "slug",
        "has_unpublished_changes", "alias_of_id", "owner_id",
    ).first()
    states = WorkflowState.objects.filter(object_id=str(page_id))
    return {
        "page": row,
        "pages in the tree": Page.objects.count(),
        "workflow states": sorted(states.values_list("pk", "status")),
        "task states": sorted(TaskState.objects.filter(workflow_state__in=states).values_list("pk", "status")),
        "view restrictions": PageViewRestriction.objects.filter(page_id=page_id).count(),
    }


@dataclass(frozen=True)
class Action:
    """One POST a role might send: where, with what, and the admin URL name it exercises."""

    name: str
    url: str
    data: dict[str, Any] = field(default_factory=dict)
    url_name: str = ""
    ajax: bool = False


def _bulk(action: str, page: Page, **params: str) -> str:
    query = "&".join([f"id={page.pk}", *(f"{key}={value}" for key, value in params.items())])
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + "?" + query


def _task_state_id(page: Page, fallback: TaskState | None) -> int:
    state = WorkflowState.objects.for_instance(page).active().first()
    if state is not None and state.current_task_state_id:
        return state.current_task_state_id
    return fallback.pk if fallback else 0


def page_actions(page: Page, *, any_task_state: TaskState | None = None) -> list[Action]:
    """Every admin page action on ``page`` (a case under the catalogue) as a POST."""
    p = "wagtailadmin_pages"
    catalogue = page.get_parent()
    revision_id = getattr(page.get_latest_revision(), "pk", 0)  # the catalogue may have none
    edit = reverse(f"{p}:edit", args=[page.pk])
    form = edit_form_data(page, title=f"{page.title} (changed)")
    task_state = _task_state_id(page, any_task_state)

    def workflow(action: str, data: dict[str, Any]) -> Action:
        url = reverse(f"{p}:workflow_action", args=[page.pk, action, task_state])
        data = {"task_state_id": task_state, **data}
        return Action(f"workflow {action}", url, data, f"{p}:workflow_action", ajax=True)

    return [
        Action("edit: save draft", edit, form, f"{p}:edit"),
        Action("edit: submit for moderation", edit, {**form, "action-submit": "1"}, f"{p}:edit"),
        Action("edit: publish", edit, {**form, "action-publish": "1"}, f"{p}:edit"),
        Action("edit: cancel workflow", edit, {**form, "action-cancel-workflow": "1"}, f"{p}:edit"),
        Action("edit: restart workflow", edit, {**form, "action-restart-workflow": "1"}, f"{p}:edit"),
        Action("edit: workflow action", edit, {
            **form, "action-workflow-action": "1", "workflow-action-name": "request_changes",
            "workflow-action-extra-data": '{"message": "Change it."}',
        }, f"{p}:edit"),
        Action("preview", reverse(f"{p}:preview_on_edit", args=[page.pk]), form, f"{p}:preview_on_edit"),
        Action("lock", reverse(f"{p}:lock", args=[page.pk]), {}, f"{p}:lock"),
        Action("unlock", reverse(f"{p}:unlock", args=[page.pk]), {}, f"{p}:unlock"),
        Action("delete", reverse(f"{p}:delete", args=[page.pk]), {}, f"{p}:delete"),
        Action("move: choose destination", reverse(f"{p}:move", args=[page.pk]),
               {"new_parent_page": catalogue.pk}, f"{p}:move"),
        Action("move", reverse(f"{p}:move_confirm", args=[page.pk, catalogue.pk]), {}, f"{p}:move_confirm"),
        Action("set position", reverse(f"{p}:set_page_position", args=[page.pk]) + "?position=0", {},
               f"{p}:set_page_position"),
        Action("copy", reverse(f"{p}:copy", args=[page.pk]),
               {"new_title": "A copy", "new_slug": f"copy-of-{page.pk}", "new_parent_page": catalogue.pk}, f"{p}:copy"),
        Action("copy as alias", reverse(f"{p}:copy", args=[page.pk]),
               {"new_title": "An alias", "new_slug": f"alias-of-{page.pk}", "new_parent_page": catalogue.pk,
                "alias": "on"}, f"{p}:copy"),
        Action("unpublish", reverse(f"{p}:unpublish", args=[page.pk]), {}, f"{p}:unpublish"),
        Action("convert alias", reverse(f"{p}:convert_alias", args=[page.pk]), {}, f"{p}:convert_alias"),
        Action("privacy", reverse(f"{p}:set_privacy", args=[page.pk]), {"restriction_type": "login"},
               f"{p}:set_privacy"),
        Action("revert to a revision", reverse(f"{p}:revisions_revert", args=[page.pk, revision_id]), form,
               f"{p}:revisions_revert"),
        Action("unschedule a revision", reverse(f"{p}:revisions_unschedule", args=[page.pk, revision_id]), {},
               f"{p}:revisions_unschedule"),
        workflow("approve", {"comment": ""}),
        workflow("request_changes", {"message": "Change it."}),
        workflow("decline", {"reason": "No."}),
        Action("workflow: collect data",
               reverse(f"{p}:collect_workflow_action_data", args=[page.pk, "request_changes", task_state]),
               {"message": "Change it."}, f"{p}:collect_workflow_action_data", ajax=True),
        Action("workflow: confirm cancellation", reverse(f"{p}:confirm_workflow_cancellation", args=[page.pk]), {},
               f"{p}:confirm_workflow_cancellation"),
        Action("add a child page", reverse(f"{p}:add_subpage", args=[page.pk]), {}, f"{p}:add_subpage"),
        Action("bulk delete", _bulk("delete", page), {}, "wagtail_bulk_action"),
        Action("bulk move", _bulk("move", page), {"chooser": catalogue.pk}, "wagtail_bulk_action"),
        Action("bulk publish", _bulk("publish", page), {}, "wagtail_bulk_action"),
        Action("bulk unpublish", _bulk("unpublish", page), {}, "wagtail_bulk_action"),
        Action("claim", reverse("moderation:claim", args=[page.pk]), {}, "moderation:claim"),
        Action("release", reverse("moderation:release", args=[page.pk]), {}, "moderation:release"),
    ]


#: Wagtail's page URLs that do not act on one existing page (creating under a parent, listings, search, usage by type).
NOT_A_PAGE_ACTION = {
    "wagtailadmin_pages:add", "wagtailadmin_pages:preview_on_add", "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:type_use_results", "wagtailadmin_pages:choose_parent", "wagtailadmin_pages:search",
    "wagtailadmin_pages:search_results",
    # Read-only views (GET): the GET matrix and the private-draft tests request them.
    "wagtailadmin_pages:usage", "wagtailadmin_pages:view_draft", "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:revisions_compare", "wagtailadmin_pages:workflow_history",
    "wagtailadmin_pages:workflow_history_detail", "wagtailadmin_pages:workflow_preview", "wagtailadmin_pages:history",
    "wagtailadmin_pages:history_results", "wagtailadmin_pages:revisions_index",
}


# --- What the POST matrix expects (tests/security/test_permission_matrix.py) ------------------------------

#: A ninth role for the page actions: Wagtail's default "Moderators" group (add, change, publish, lock and unlock
#: on every page), the widest page permissions a member of staff can hold without being a superuser.
ORGANISER = "organiser"
CSRF_TOKEN = "matrixcsrftokenmatrixcsrftoken12"  # 32 characters: a valid unmasked secret


def post_client(user, *, with_token: bool):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    if with_token:
        client.cookies["csrftoken"] = CSRF_TOKEN
    return client


def post_cases(people, world) -> dict:
    """The three cases of the POST matrix; the one in review is claimed by a reviewer outside the roles."""
    from django.utils import timezone

    from .cases import staff, submission_in

    claimant = staff("claimant@review.example.org", "Reviewers")
    approver = staff("approver@review.example.org", "Reviewers")
    Page.objects.filter(pk=world.submission.page_id).update(locked=True, locked_by=claimant, locked_at=timezone.now())
    sign_off = submission_in("in_review", reviewer=approver, title="SIGN-OFF case")
    return {"draft": world.other_submission.page, "in review": world.submission.page,
            "awaiting sign-off": sign_off.page}


#: The members of staff who act on each case (the task's group, unclaimed, no conflict): they may change it,
#: within the invariants of ``broken_invariants``. Everybody else must leave every case exactly as it was.
ACTORS = {"draft": set(), "in review": {"administrator"}, "awaiting sign-off": {"editor", "administrator"}}

#: Changes the matrix must see happen, so that "nothing changed" elsewhere means something.
MUST_CHANGE = {
    ("editor", "awaiting sign-off", "lock"): lambda before, after: after["page"]["locked"],
    ("editor", "awaiting sign-off", "edit: save draft"):
        lambda before, after: after["page"]["latest_revision_id"] != before["page"]["latest_revision_id"],
    ("editor", "awaiting sign-off", "workflow approve"): lambda before, after: after["page"]["live"],
    ("administrator", "in review", "unlock"): lambda before, after: not after["page"]["locked"],
}

_ADMIN_MAY = {"move", "set position", "bulk move", "copy", "copy as alias", "privacy", "bulk publish", "edit: publish"}


def broken_invariants(role: str, action: str, before: dict, after: dict, user_id: int) -> list[str]:
    """What even the case's actors may not do: destroy, move, copy, publish around the review, take others' claims."""
    problems = []
    if after["page"] is None:
        return ["the case was deleted"]
    admin = role == "administrator"
    if after["page"]["path"] != before["page"]["path"] and not (admin and action in _ADMIN_MAY):
        problems.append("the case moved")
    if after["pages in the tree"] != before["pages in the tree"] and not (admin and action in _ADMIN_MAY):
        problems.append("pages were added or removed")
    if after["view restrictions"] != before["view restrictions"] and not admin:
        problems.append("view restrictions changed")
    if after["page"]["live"] and not before["page"]["live"] and not (admin or action.startswith("workflow approve")):
        problems.append("published around the review")
    locker = after["page"]["locked_by_id"]
    if locker != before["page"]["locked_by_id"] and locker not in (None, user_id):
        problems.append("someone else's claim was taken")
    return problems


def judge(role: str, case: str, action, response, before: dict, after: dict, user_id, with_token: bool) -> list[str]:
    where = f"{'with' if with_token else 'without'} token {role:16} {case:18} {action.name}"
    if response.status_code == 500:
        return [f"{where}: server error"]
    if not with_token:
        ok = response.status_code == 403 and before == after
        return [] if ok else [f"{where}: answered {response.status_code} without a CSRF token, or changed something"]
    if role not in ACTORS[case]:
        problems = [] if before == after else ["changed what is stored"]
        staff = role in ("reviewer", "editor", ORGANISER, "administrator")
        if case == "draft" and staff and response.status_code != 404:
            problems.append(f"answered {response.status_code}, not 404")
    else:
        problems = broken_invariants(role, action.name, before, after, user_id)
    check = MUST_CHANGE.get((role, case, action.name))
    if check is not None and not check(before, after):
        problems.append("should have changed the case")
    return [f"{where}: {problem}" for problem in problems]
