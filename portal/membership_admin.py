"""Wagtail admin → *Membership requests*: editors confirm or refuse people who ask to join an organisation.

For the organisations whose members cannot (nobody confirmed yet) or do not
answer. Needs ``portal.confirm_membership`` (granted to the Editors group by
``portal.apps``; administrators have every permission). Decisions are written
to Wagtail's audit log on the organisation (*Reports → Site history*).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from . import membership
from .membership_views import decide
from .models import User


def _require_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(membership.EDITOR_PERMISSION):
        raise PermissionDenied


def pending(request: HttpRequest) -> HttpResponse:
    _require_permission(request)
    return TemplateResponse(
        request, "portal/accounts/admin_membership_requests.html", {"requests": membership.pending_requests()}
    )


def _decision(request: HttpRequest, user_id: int, *, accept: bool) -> HttpResponse:
    _require_permission(request)
    member = User.objects.select_related("organisation").filter(pk=user_id).first()
    if member is None or not membership.may_decide(request.user, member):
        raise Http404
    messages.success(request, decide(request, member, accept=accept))
    return redirect("memberships:pending")


@require_POST
def confirm(request: HttpRequest, user_id: int) -> HttpResponse:
    return _decision(request, user_id, accept=True)


@require_POST
def refuse(request: HttpRequest, user_id: int) -> HttpResponse:
    return _decision(request, user_id, accept=False)


urlpatterns = [
    path("", pending, name="pending"),
    path("<int:user_id>/confirm/", confirm, name="confirm"),
    path("<int:user_id>/refuse/", refuse, name="refuse"),
]
