"""Wagtail admin → *Meeting registrations*: the organisers' listing, decisions and pre-approved list import.

One listing per meeting (the current one unless ``?meeting=`` names another),
filtered by status, organisation type and country, with the count of each
status. Ticked registrations are approved or declined at once (``vetting``);
a CSV of pre-approved participants is imported (``invitations``). Needs
``portal.decide_meeting_registration`` (the "Meeting organisers" group;
administrators have every permission).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from showcase.meetings import current_meeting

from ..models import MeetingInvitation, MeetingRegistration, RegistrationStatus
from . import invitations, vetting
from .forms import DecisionForm, InvitationImportForm, ListingFilterForm
from .organisers import may_decide


def _meeting_model() -> Any:
    return MeetingRegistration._meta.get_field("meeting").related_model


def _require(request: HttpRequest) -> None:
    if not may_decide(request.user):
        raise PermissionDenied


def _chosen_meeting(request: HttpRequest) -> Any:
    raw = request.GET.get("meeting", "")
    if raw.isdigit() and len(raw) < 12:
        return _meeting_model().objects.filter(pk=int(raw)).first()
    return current_meeting() or _meeting_model().objects.order_by("-start_date").first()


def listing(request: HttpRequest) -> HttpResponse:
    _require(request)
    meeting = _chosen_meeting(request)
    filters = ListingFilterForm(request.GET or None)
    context: dict[str, Any] = {"meeting": meeting, "filters": filters,
                               "meetings": _meeting_model().objects.order_by("-start_date")}
    if meeting is not None:
        registrations = MeetingRegistration.objects.filter(meeting=meeting)
        counts = dict(registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        shown = registrations.filter(**filters.filters()).select_related("user", "organisation_type", "decided_by")
        per_page = (filters.cleaned_data.get("per_page") if filters.is_bound and filters.is_valid() else None) or 100
        page = Paginator(shown.order_by("status", "-created_at", "-pk"), per_page).get_page(request.GET.get("page"))
        context.update(
            page=page,
            counts=[(value, label, counts.get(value, 0)) for value, label in RegistrationStatus.choices],
            total=sum(counts.values()),
            invited=MeetingInvitation.objects.filter(meeting=meeting).count(),
            decision_form=DecisionForm(),
            import_form=InvitationImportForm(),
        )
    return TemplateResponse(request, "portal/meetings/admin_listing.html", context)


def _meeting_or_404(meeting_id: int) -> Any:
    meeting = _meeting_model().objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def _back(meeting: Any) -> HttpResponse:
    return redirect(f"{reverse('meeting_registrations:listing')}?meeting={meeting.pk}")


@require_POST
def decide(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _require(request)
    meeting = _meeting_or_404(meeting_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(meeting)
    data = form.cleaned_data
    approve = data["action"] == DecisionForm.APPROVE
    result = vetting.decide(data["registrations"], approve=approve, reason=data["reason"].strip(),
                            by=request.user, meeting=meeting)
    if approve:
        text = ngettext("%(count)d registration approved.", "%(count)d registrations approved.", result.changed)
    else:
        text = ngettext("%(count)d registration declined.", "%(count)d registrations declined.", result.changed)
    messages.success(request, text % {"count": result.changed})
    return _back(meeting)


@require_POST
def import_list(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _require(request)
    meeting = _meeting_or_404(meeting_id)
    form = InvitationImportForm(request.POST, request.FILES)
    report, refusal = None, ""
    if form.is_valid():
        try:
            report = invitations.import_invitations(meeting, form.cleaned_data["file"].read(invitations.MAX_BYTES + 1), request.user)
        except invitations.ImportRefused as error:
            refusal = str(error)
    status = 200 if report is not None and not report.refused else 400
    return TemplateResponse(
        request, "portal/meetings/admin_import_report.html",
        {"meeting": meeting, "form": form, "report": report, "refusal": refusal}, status=status,
    )


urlpatterns = [
    path("", listing, name="listing"),
    path("<int:meeting_id>/decide/", decide, name="decide"),
    path("<int:meeting_id>/import/", import_list, name="import"),
]
