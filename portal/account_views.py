"""Account pages under /accounts/: register, verify the e-mail address, log in and out, reset and change the password.

Log-in (ours and the Wagtail admin's) and registration are rate-limited per IP
address and per account (``portal.models.ratelimit``); a refused attempt gets a page
that says how long to wait, with status 429.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_POST
from wagtail.admin.views.account import LoginView as WagtailAdminLoginView, LogoutView as WagtailAdminLogoutView

from . import accounts
from .login_reasons import login_reason
from .account_forms import (
    ChoosePasswordForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    RegistrationForm,
    SetPasswordForm,
)
from .models import normalise_email, ratelimit


def limit(scope: str) -> ratelimit.Limit:
    count, window = settings.PORTAL_RATE_LIMITS[scope]
    return ratelimit.Limit(scope, count, window)


def rate_limited(request: HttpRequest, verdict: ratelimit.Verdict) -> HttpResponse:
    response = render(
        request, "portal/accounts/rate_limited.html", {"minutes": verdict.retry_after_minutes}, status=429
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response


def render_form(request: HttpRequest, template: str, form: Any, status: int = 200, **context: Any) -> HttpResponse:
    if form.is_bound:
        form.prepare_for_display()
    return render(request, template, {"form": form, **context}, status=status)


# --- Registration and verification ---------------------------------------------------------------


def register(request: HttpRequest) -> HttpResponse:
    """Answers every valid registration alike: "check your e-mail" (see ``portal.accounts``)."""
    if request.user.is_authenticated:
        return redirect("submit:start")
    next_url = accounts.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    page = {"next": next_url, "login_link": reverse("accounts:login") + (f"?{urlencode({'next': next_url})}" if next_url else "")}
    if request.method != "POST":
        return render_form(request, "portal/accounts/register.html", RegistrationForm(), **page)
    verdict = ratelimit.hit(limit("register-ip"), ratelimit.client_ip(request))
    if not verdict.allowed:
        return rate_limited(request, verdict)
    form = RegistrationForm(request.POST)
    if form.is_bot:
        # Say nothing a bot could learn from: the same page a person sees, and no e-mail.
        return redirect("accounts:register_done")
    if not form.is_valid():
        return render_form(request, "portal/accounts/register.html", form, **page)
    data = form.cleaned_data
    verdict = ratelimit.hit(limit("register-account"), data["email"])
    if not verdict.allowed:
        return rate_limited(request, verdict)
    registration = accounts.Registration(
        email=data["email"],
        name=data["name"].strip(),
        organisation_name=data["organisation_name"].strip(),
        organisation_type_id=data["organisation_type"].pk,
        country=data["country"],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        next=next_url,
    )
    if not accounts.answer_registration(request, registration):
        messages.warning(request, _("We could not send the e-mail just now. Try again in a few minutes."))
    return redirect("accounts:register_done")


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accounts/register_done.html")


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: shows what was registered and asks for a password; a POST creates the account."""
    try:
        registration = accounts.check_link(token)
    except accounts.VerificationError as error:
        return link_refused(request, error)
    form = ChoosePasswordForm(request.POST or None, email=registration.email, name=registration.name)
    if request.method != "POST" or not form.is_valid():
        return render_form(
            request, "portal/accounts/choose_password.html", form, registration=registration,
            organisation_type=_organisation_type_name(registration),
        )
    try:
        user, waiting = accounts.complete_registration(registration, form.cleaned_data["password1"])
    except accounts.VerificationError as error:
        return link_refused(request, error)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Thank you: your e-mail address is confirmed and your account is ready."))
    if waiting:
        accounts.tell_colleagues(request, user)
        messages.info(
            request,
            _("Your colleagues at %(organisation)s have been asked to confirm you. Until then you see only your own submissions.")
            % {"organisation": user.organisation.name},
        )
    # Checked again: the link is signed, but the rule for a safe address may have changed since it was mailed.
    return redirect(accounts.safe_next(request, registration.next) or "submit:start")


def link_refused(request: HttpRequest, error: accounts.VerificationError) -> HttpResponse:
    return render(request, "portal/accounts/verify_failed.html", {"reason": error.reason}, status=400)


def _organisation_type_name(registration: accounts.Registration) -> str:
    from showcase.taxonomies import OrganisationType

    found = OrganisationType.objects.filter(pk=registration.organisation_type_id).first()
    return str(found) if found else ""


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    """For an account made before links chose the password (or by an administrator): a new link."""
    if request.user.email_verified:
        return redirect("submit:start")
    verdict = ratelimit.hit(limit("resend-account"), request.user.email)
    if not verdict.allowed:
        return rate_limited(request, verdict)
    if accounts.send_verification(request, accounts.Registration.of_account(request.user)):
        messages.success(request, _("We have sent a new link to %(email)s.") % {"email": request.user.email})
    else:
        messages.error(request, _("We could not send the e-mail just now. Try again in a few minutes."))
    return redirect("submit:start")


# --- Interface language ------------------------------------------------------------------------


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language``, which also keeps a signed-in person's choice for their e-mails.

    The switcher posts here (an unprefixed address, so English is active);
    Django finds the same page in the new language by resolving ``next``,
    which works only in the language ``next`` is written in, so that one is
    activated first.
    """
    chosen = request.POST.get(i18n_views.LANGUAGE_QUERY_PARAMETER, "")
    if request.method == "POST" and chosen not in dict(settings.LANGUAGES):
        return HttpResponse(_("This language is not offered."), status=400, content_type="text/plain; charset=utf-8")
    source = request.POST.get("next") or request.GET.get("next") or request.META.get("HTTP_REFERER") or ""
    source_language = translation.get_language_from_path(urlsplit(source).path) or settings.LANGUAGE_CODE
    with translation.override(source_language):
        response = i18n_views.set_language(request)
    if request.method == "POST" and request.user.is_authenticated and request.user.language != chosen:
        request.user.language = chosen
        request.user.save(update_fields=["language"])
    return response


# --- Log-in -----------------------------------------------------------------------------------------


class RateLimitedLoginMixin:
    """Refuses a log-in once too many have failed from this address or for this account."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        for scope, identity in self._identities(request):
            verdict = ratelimit.peek(limit(scope), identity)
            if not verdict.allowed:
                return rate_limited(request, verdict)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        for scope, identity in self._identities(self.request):
            ratelimit.hit(limit(scope), identity)
        return super().form_invalid(form)

    @staticmethod
    def _identities(request: HttpRequest) -> list[tuple[str, str]]:
        identities = [("login-ip", ratelimit.client_ip(request))]
        # The one normal form of the address, as the log-in itself uses: no spelling gets its own count.
        account = normalise_email(request.POST.get("username", ""))
        if account:
            identities.append(("login-account", account))
        return identities


class LoginView(RateLimitedLoginMixin, auth_views.LoginView):
    template_name = "portal/accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["reason"] = login_reason(self.get_redirect_url())  # only a safe next address is read
        return context

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        form.prepare_for_display()
        return response


class AdminLoginView(RateLimitedLoginMixin, WagtailAdminLoginView):
    """Wagtail's admin log-in with the same limits (the other way a password can be guessed)."""


# --- Passwords ----------------------------------------------------------------------------------------


class AccessibleFormViewMixin:
    def form_invalid(self, form: Any) -> HttpResponse:
        form.prepare_for_display()
        return super().form_invalid(form)


class PasswordResetView(AccessibleFormViewMixin, auth_views.PasswordResetView):
    template_name = "portal/accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "emails/password_reset.txt"
    html_email_template_name = "emails/password_reset.html"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Limited per IP address and per account (every spelling of an address counts as one)."""
        verdict = ratelimit.hit(limit("register-ip"), f"reset:{ratelimit.client_ip(request)}")
        if verdict.allowed:
            account = normalise_email(request.POST.get("email", ""))
            if account:
                verdict = ratelimit.hit(limit("reset-account"), account)
        if not verdict.allowed:
            return rate_limited(request, verdict)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/accounts/password_reset_done.html"


class PasswordResetConfirmView(AccessibleFormViewMixin, auth_views.PasswordResetConfirmView):
    template_name = "portal/accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/accounts/password_reset_complete.html"


class PasswordChangeView(AccessibleFormViewMixin, auth_views.PasswordChangeView):
    template_name = "portal/accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "portal/accounts/password_change_done.html"


# --- The admin's own doors --------------------------------------------------------------------------


class LogoutConfirmationMixin:
    """A GET to a log-out address changes nothing and answers 405 with a page offering the POST button.

    A link, an image or a prefetch from another site cannot log anyone out
    (SameSite=Lax cookies do travel with top-level GET navigations), and a
    person who typed the address sees a button rather than a browser error.
    """

    def http_method_not_allowed(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = render(request, "portal/accounts/logout_confirm.html", status=405)
        response["Allow"] = "POST, OPTIONS"
        return response


class LogoutView(LogoutConfirmationMixin, auth_views.LogoutView):
    """Ours, at /accounts/logout/: Django's (POST only; ``logout`` flushes the session on the server)."""


class AdminLogoutView(LogoutConfirmationMixin, WagtailAdminLogoutView):
    """Wagtail's admin log-out, by POST only.

    Wagtail's view deletes the session cookie on any request, a GET included
    (then answers 405): a link on another site logged staff out in the
    browser while the session stayed valid on the server. A GET now changes
    nothing; a POST (with its CSRF token) ends the session on the server too.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
