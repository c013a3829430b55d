""""Register for the meeting" (``portal:meeting_register``): one form for a person with a verified account.

Someone without an account is sent through the portal's own registration and
e-mail verification first (the page says so and links back here); a person
already registered sees where their registration stands. After the meeting's
registration deadline the form is closed with a clear message — except for
people on the organisers' pre-approved list, who may still register until the
meeting closes (that is how organisers invite late participants).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext as _

from showcase.meetings import current_meeting

from ..models import MeetingRegistration
from . import invitations, vetting
from .forms import MeetingRegistrationForm
from .meeting_dates import has_closed, registration_is_open

TEMPLATE = "portal/meetings/register.html"


def _meeting(meeting_id: int | None) -> Any:
    meeting_model = MeetingRegistration._meta.get_field("meeting").related_model
    meeting = (
        current_meeting() if meeting_id is None else meeting_model.objects.live().filter(pk=meeting_id).first()
    )
    if meeting is None:
        raise Http404(_("There is no meeting to register for."))
    return meeting


def _initial(user: Any) -> dict[str, Any]:
    organisation = user.organisation
    if organisation is None:
        return {}
    return {"organisation": organisation.name, "organisation_type": organisation.organisation_type_id,
            "country": str(organisation.country or "")}


def register(request: HttpRequest, meeting_id: int | None = None) -> HttpResponse:
    meeting = _meeting(meeting_id)
    here = request.path
    context: dict[str, Any] = {"meeting": meeting, "here": here, "deadline": meeting.registration_deadline}
    if not request.user.is_authenticated:
        return render(request, "portal/meetings/account_first.html", context)
    if not request.user.email_verified:
        return render(request, "portal/meetings/verify_first.html", context)
    existing = MeetingRegistration.objects.filter(meeting=meeting, user=request.user).first()
    if existing is not None:
        return render(request, "portal/meetings/status.html", {**context, "registration": existing})
    invited = invitations.is_invited(meeting, request.user.email)
    if has_closed(meeting) or not (registration_is_open(meeting) or invited):
        status = 403 if request.method == "POST" else 200
        return render(request, "portal/meetings/closed.html", {**context, "past": has_closed(meeting)}, status=status)
    form = MeetingRegistrationForm(request.POST or None, meeting=meeting, initial=_initial(request.user))
    if request.method != "POST" or not form.is_valid():
        if form.is_bound:
            form.prepare_for_display()
        return render(request, TEMPLATE, {**context, "form": form, "invited": invited})
    _save(form, meeting, request.user, invited)
    if invited:
        messages.success(request, _("You are registered and approved: you were on the organisers' list."))
    else:
        messages.success(request, _("Thank you: your registration is waiting for the organisers' decision. We will e-mail you."))
    return redirect(here)


def _save(form: MeetingRegistrationForm, meeting: Any, user: Any, invited: bool) -> None:
    registration = form.save(commit=False)
    registration.meeting, registration.user = meeting, user
    registration.language = get_language() or ""
    try:
        with transaction.atomic():
            registration.save()
            if invited:
                vetting.decide([registration.pk], approve=True, reason=_("On the pre-approved list."),
                               by=None, meeting=meeting)
    except IntegrityError:  # the same form sent twice at once: the first one stands
        pass

