"""The account page's "Your data": download a copy (JSON) and delete the account (issue 18).

Both act only on the signed-in person: no view takes an account id, so a
posted ``user_id`` or ``pk`` changes nothing. Both are POST-only with Django's
CSRF check, so a link, a prefetch or another site cannot start them; both
are rate-limited (``PORTAL_RATE_LIMITS``): the download per account, the
deletion's password like a log-in's (``login-account``).
"""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from showcase.text import TypedTextMixin

from . import account_erasure, my_data
from .account_views import limit, rate_limited, render_form
from .form_display import AccessibleFormMixin
from .models import ratelimit


class DeleteAccountForm(TypedTextMixin, AccessibleFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Your account was not deleted."))
        return password


@login_required
@require_POST
def download(request: HttpRequest) -> HttpResponse:
    """The person's own data as one JSON file (an attachment, never cached)."""
    verdict = ratelimit.hit(limit("data-download-account"), str(request.user.pk))
    if not verdict.allowed:
        return rate_limited(request, verdict)
    body = json.dumps(my_data.export(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"my-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """A page that says what deletion erases and keeps; the POST, with the password, erases."""
    template = "portal/accounts/delete_account.html"
    if not account_erasure.may_erase(request.user):
        return render(request, template, {"staff": True}, status=403)
    if request.method != "POST":
        return render_form(request, template, DeleteAccountForm(user=request.user))
    identity = request.user.email
    verdict = ratelimit.peek(limit("login-account"), identity)
    if not verdict.allowed:
        return rate_limited(request, verdict)
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        ratelimit.hit(limit("login-account"), identity)
        return render_form(request, template, form, status=400)
    account_erasure.erase_account(request.user)  # ends every session of the person on the server
    logout(request)
    return redirect("accounts:account_deleted")


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accounts/account_deleted.html")
