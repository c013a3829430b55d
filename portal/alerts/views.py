"""The search alerts' pages: "Get alerts for this search", the account page, and unsubscribing.

``/accounts/alerts/`` lists a person's alerts (each described in the current language),
with a form to change how often and a button to delete; another person's alert is a 404.
``/accounts/alerts/unsubscribe/<token>/`` is the digest's one-click link: no login.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..email_languages import offered_language
from ..models import SavedSearch, User
from .forms import FORM_KEYS, FrequencyForm, NewAlertForm
from .periods import period_of
from .searches import InvalidSearch, describe, normalise
from .tokens import user_id_from_token


def refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "portal/alerts/refused.html", {"message": message}, status=400)


def _search_params(request: HttpRequest, form: NewAlertForm) -> dict[str, list[str]]:
    params = {key: request.POST.getlist(key) for key in request.POST if key not in FORM_KEYS}
    if len(params.get("q", [])) <= 1:  # the text as the form cleaned it; several texts are refused later
        params["q"] = [form.cleaned_data.get("q") or ""]
    return params


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """Save the search the catalogue page showed, with how often; refuse what the catalogue would not search."""
    form = NewAlertForm(request.POST)
    if not form.is_valid():
        return refused(request, "; ".join(str(error) for errors in form.errors.values() for error in errors))
    try:
        query_string = normalise(_search_params(request, form))
    except InvalidSearch as error:
        return refused(request, str(error))
    limit = settings.MAX_SEARCH_ALERTS
    if SavedSearch.objects.filter(user=request.user).count() >= limit:
        return refused(request, _("You have %(limit)d search alerts, the most one person can have. "
                                  "Delete one on your account page first.") % {"limit": limit})
    now, frequency = timezone.now(), form.cleaned_data["frequency"]
    language = offered_language(translation.get_language())
    try:
        with transaction.atomic():
            # The first digest comes in the next period: news since now, one digest a day at most.
            SavedSearch.objects.create(user=request.user, query_string=query_string, frequency=frequency,
                                       language=language, created_at=now, covered_until=now,
                                       last_period=period_of(frequency, now))
    except IntegrityError:
        SavedSearch.objects.filter(user=request.user, query_string=query_string).update(frequency=frequency)
        messages.info(request, _("You already had an alert for this search; it is now sent as you chose."))
    else:
        messages.success(request, _("Your search alert is saved. The first e-mail comes when new cases match."))
    return redirect("accounts:search_alerts")


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    alerts = [
        {"alert": alert, "description": describe(alert.query_string),
         "form": FrequencyForm(initial={"frequency": alert.frequency}, auto_id=f"alert-{alert.pk}-%s")}
        for alert in SavedSearch.objects.filter(user=request.user)
    ]
    return render(request, "portal/alerts/manage.html", {"alerts": alerts, "limit": settings.MAX_SEARCH_ALERTS})


@login_required
@require_POST
def change(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = get_object_or_404(SavedSearch, pk=alert_id, user=request.user)
    form = FrequencyForm(request.POST)
    if not form.is_valid():
        return refused(request, _("Choose daily or weekly."))
    alert.frequency = form.cleaned_data["frequency"]
    # Counted as handled for the new period, so the change never brings a second digest the same day.
    alert.last_period = period_of(alert.frequency, timezone.now())
    alert.save(update_fields=["frequency", "last_period"])
    messages.success(request, _("How often you get this alert is changed."))
    return redirect("accounts:search_alerts")


@login_required
@require_POST
def delete(request: HttpRequest, alert_id: int) -> HttpResponse:
    get_object_or_404(SavedSearch, pk=alert_id, user=request.user).delete()
    messages.success(request, _("The search alert is deleted."))
    return redirect("accounts:search_alerts")


# The one-click unsubscribe of RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to this
# address from outside the site, with no session and no CSRF token, so the check is exempted here
# and only here. The signed token is the authority (portal.alerts.tokens): it cannot be forged,
# and all it can do is stop the alerts of the person it names, which is harmless to repeat.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_id = user_id_from_token(token)
    person = User.objects.filter(pk=user_id).first() if user_id is not None else None
    if person is None:
        raise Http404("Not an unsubscribe link")
    if request.method == "POST":
        SavedSearch.objects.filter(user=person).delete()
        return render(request, "portal/alerts/unsubscribed.html")
    count = SavedSearch.objects.filter(user=person).count()
    return render(request, "portal/alerts/unsubscribe.html", {"count": count})
