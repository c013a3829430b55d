"""Admin views of the moderation app: the queue, claiming a case, and "already decided".

Registered under /admin/moderation/ by ``wagtail_hooks`` (so Wagtail's admin
access check runs first); each view also requires a moderator (see
``moderation.queue.is_moderator``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail.models import Page, TaskState

from showcase.taxonomies import OrganisationType, RiskTier

from .models import ReviewTask, SignOffTask
from .queue import is_moderator, queue_rows
from .workflow_states import current_task

FILTERS = ("task", "risk_tier", "organisation_type", "red_flags", "claimed")


def _require_moderator(request) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied


def queue(request):
    _require_moderator(request)
    filters = {name: request.GET.get(name, "") for name in FILTERS}
    return TemplateResponse(
        request,
        "moderation/queue.html",
        {
            "rows": queue_rows(request.user, filters),
            "filters": filters,
            "tasks": [*ReviewTask.objects.filter(active=True), *SignOffTask.objects.filter(active=True)],
            "risk_tiers": RiskTier.objects.all(),
            "organisation_types": OrganisationType.objects.all(),
        },
    )


@require_POST
def claim(request, page_id: int):
    """Claim a case: Wagtail's page lock, so nobody else reviews it at the same time."""
    _require_moderator(request)
    with transaction.atomic():
        page = get_object_or_404(Page.objects.select_for_update(), pk=page_id).specific
        task, _task_state = current_task(page)
        if task is None or not hasattr(task, "may_act") or not task.may_act(page, request.user):
            raise PermissionDenied
        if page.locked and page.locked_by_id != request.user.pk:
            messages.error(
                request, _("“%(title)s” is already claimed by %(name)s.")
                % {"title": page.get_admin_display_title(), "name": page.locked_by}
            )
            return redirect("moderation:queue")
        if not page.locked:
            Page.objects.filter(pk=page.pk).update(locked=True, locked_by=request.user, locked_at=timezone.now())
            log(instance=page, action="moderation.claim", user=request.user)
    messages.success(request, _("You claimed “%(title)s”.") % {"title": page.get_admin_display_title()})
    return redirect("moderation:evidence", page.pk)


@require_POST
def release(request, page_id: int):
    _require_moderator(request)
    with transaction.atomic():
        page = get_object_or_404(Page.objects.select_for_update(), pk=page_id).specific
        if not (page.locked and (page.locked_by_id == request.user.pk or request.user.is_superuser)):
            raise PermissionDenied
        Page.objects.filter(pk=page.pk).update(locked=False, locked_by=None, locked_at=None)
        log(instance=page, action="moderation.release", user=request.user)
    messages.success(request, _("You released “%(title)s”.") % {"title": page.get_admin_display_title()})
    return redirect("moderation:queue")


def already_decided(request, task_state_id: int):
    """Where the second of two simultaneous decisions lands: who decided, and when."""
    _require_moderator(request)
    task_state = get_object_or_404(TaskState.objects.select_related("finished_by", "task"), pk=task_state_id)
    if task_state.status == TaskState.STATUS_IN_PROGRESS:
        return redirect(reverse("moderation:queue"))
    finished = timezone.localtime(task_state.finished_at).strftime("%Y-%m-%d %H:%M") if task_state.finished_at else "-"
    messages.warning(
        request,
        _("Your decision was not recorded: “%(task)s” was already decided (%(status)s) by %(name)s at %(when)s.")
        % {
            "task": task_state.task.name,
            "status": task_state.get_status_display().lower(),
            "name": task_state.finished_by or _("someone else"),
            "when": finished,
        },
    )
    return redirect("moderation:queue")
