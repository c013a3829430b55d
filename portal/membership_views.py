"""``/accounts/colleagues/``: the people of one's organisation, and the requests to join it.

A confirmed member sees the confirmed colleagues and the pending requests,
each with Confirm and Refuse (POST with a CSRF token). Someone still waiting
sees that they wait. A request that is not one the person may decide (another
organisation's, their own, an already decided one, a made-up id) is a 404:
the page says nothing about people elsewhere.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import account_emails, membership
from .models import User


@login_required
def colleagues(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"organisation": user.organisation, "confirmed": user.is_confirmed_member}
    if user.is_confirmed_member:
        context["members"] = membership.confirmed_members(user.organisation_id).order_by("first_name", "email")
        context["pending"] = membership.pending_requests(user.organisation_id).exclude(pk=user.pk)
    return render(request, "portal/accounts/colleagues.html", context)


def _decidable(request: HttpRequest, user_id: int) -> User:
    member = User.objects.select_related("organisation").filter(pk=user_id).first()
    if member is None or not membership.may_decide(request.user, member):
        raise Http404
    return member


def decide(request: HttpRequest, member: User, *, accept: bool) -> str:
    """Confirm or refuse ``member`` as ``request.user``, tell them by e-mail; the message for the page."""
    organisation_name = member.organisation.name
    name = member.get_full_name() or member.email
    if accept:
        membership.confirm(member, request.user)
        kind, message = account_emails.MEMBERSHIP_CONFIRMED, _("%(name)s is now a confirmed member of %(organisation)s.")
    else:
        membership.refuse(member, request.user)
        kind = account_emails.MEMBERSHIP_REFUSED
        message = _("%(name)s was refused: they keep their own submissions and do not see those of %(organisation)s.")
    language = account_emails.language_for(member)
    with translation.override(language):
        link = request.build_absolute_uri(reverse("submissions:list"))
    context = {"name": name, "organisation": organisation_name, "link": link}
    account_emails.send_account_email(kind, member.email, context, language=language)
    return message % {"name": name, "organisation": organisation_name}


@login_required
@require_POST
def confirm_colleague(request: HttpRequest, user_id: int) -> HttpResponse:
    messages.success(request, decide(request, _decidable(request, user_id), accept=True))
    return redirect("accounts:colleagues")


@login_required
@require_POST
def refuse_colleague(request: HttpRequest, user_id: int) -> HttpResponse:
    messages.success(request, decide(request, _decidable(request, user_id), accept=False))
    return redirect("accounts:colleagues")
