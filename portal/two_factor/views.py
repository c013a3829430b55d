"""The two-factor pages under /accounts/two-factor/: set up, enter a code, use a recovery code, turn off.

Codes are limited like passwords (``PORTAL_RATE_LIMITS``: per account and per
address); a refused attempt gets the "wait N minutes" page with status 429.
Recovery codes have their own, slower budget, so a person locked out of
their app codes can still come in with a recovery code.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from ..account_views import limit, render_form
from ..models import ratelimit
from . import devices
from .forms import CodeForm, RecoveryCodeForm

WRONG_CODE = _("That code is not right. Check the time on your phone and try the newest code.")


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return reverse("wagtailadmin_home") if devices.is_required(request.user) else reverse(settings.LOGIN_REDIRECT_URL)


def _refused(request: HttpRequest, scopes: list[tuple[str, str]]) -> HttpResponse | None:
    for scope, identity in scopes:
        verdict = ratelimit.peek(limit(scope), identity)
        if not verdict.allowed:
            response = render(
                request, "portal/accounts/rate_limited.html",
                {"minutes": verdict.retry_after_minutes, "offer_recovery": scope == "otp-account"}, status=429,
            )
            response["Retry-After"] = str(verdict.retry_after)
            return response
    return None


def _count_failure(scopes: list[tuple[str, str]]) -> None:
    for scope, identity in scopes:
        ratelimit.hit(limit(scope), identity)


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key), then prove it with a code; the recovery codes are shown once."""
    if devices.is_enabled(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={reverse('accounts:two_factor_setup')}")
    device = devices.pending_device(request.user)
    form = CodeForm(request.POST or None)
    scopes = [("otp-ip", ratelimit.client_ip(request)), ("otp-account", str(request.user.pk))]
    if request.method == "POST":
        refused = _refused(request, scopes)
        if refused:
            return refused
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            codes = devices.confirm(device)
            otp_login(request, device)
            return render(request, "portal/two_factor/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        if form.is_valid():
            _count_failure(scopes)
            form.add_error("code", WRONG_CODE)
    context = {"qr": devices.qr_data_uri(device), "key": devices.manual_key(device), "required": devices.is_required(request.user)}
    return render_form(request, "portal/two_factor/setup.html", form, **context)


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The step after the password, for anyone with a confirmed device."""
    if request.user.is_verified() or not devices.is_enabled(request.user):
        return redirect(_next_url(request))
    scopes = [("otp-ip", ratelimit.client_ip(request)), ("otp-account", str(request.user.pk))]
    return _check_code(request, CodeForm, devices.authenticator_of(request.user), scopes, "portal/two_factor/verify.html")


@never_cache
@login_required
def recover(request: HttpRequest) -> HttpResponse:
    """A single-use recovery code instead of the app's code (a lost or reset phone)."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    scopes = [("otp-ip", ratelimit.client_ip(request)), ("otp-recovery-account", str(request.user.pk))]
    return _check_code(request, RecoveryCodeForm, devices.recovery_device_of(request.user), scopes, "portal/two_factor/recover.html")


def _check_code(request: HttpRequest, form_class, device, scopes, template: str) -> HttpResponse:
    form = form_class(request.POST or None)
    context = {"next": request.POST.get("next") or request.GET.get("next") or ""}
    if request.method != "POST":
        return render_form(request, template, form, **context)
    refused = _refused(request, scopes)
    if refused:
        return refused
    if form.is_valid() and device is not None and device.verify_token(form.cleaned_data["code"]):
        otp_login(request, device)
        if form_class is RecoveryCodeForm:
            messages.warning(
                request,
                _("You used a recovery code; %(count)s left. If you lost your phone, set up two-factor sign-in again.")
                % {"count": devices.recovery_codes_left(request.user)},
            )
        return redirect(_next_url(request))
    if form.is_valid():
        _count_failure(scopes)
        form.add_error("code", WRONG_CODE)
    return render_form(request, template, form, **context)


@never_cache
@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The account's two-factor page: on or off, recovery codes left, set up again or turn off."""
    user = request.user
    context = {
        "enabled": devices.is_enabled(user),
        "required": devices.is_required(user),
        "codes_left": devices.recovery_codes_left(user),
    }
    return render(request, "portal/two_factor/manage.html", context)


@login_required
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    """Submitters and attendees may turn it off again (from a verified session); staff may not."""
    if devices.is_required(request.user) or not request.user.is_verified():
        messages.error(request, _("Two-factor sign-in cannot be turned off for this account."))
        return redirect("accounts:two_factor")
    devices.remove_all(request.user)
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:two_factor")
