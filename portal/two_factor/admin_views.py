"""An administrator resets someone's two-factor devices (a lost phone and no recovery code left); logged."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import devices

RESET = "portal.two_factor_reset"


def may_reset(user) -> bool:
    model = get_user_model()
    return user.is_superuser or user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    if not may_reset(request.user):
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        removed = devices.remove_all(person)
        log(instance=person, action=RESET, user=request.user, data={"person": person.email, "devices": removed})
        messages.success(
            request,
            _("Two-factor sign-in of %(person)s was reset: they set it up again at their next sign-in.")
            % {"person": person.email},
        )
        return redirect("wagtailusers_users:edit", person.pk)
    context = {"person": person, "enabled": devices.is_enabled(person)}
    return TemplateResponse(request, "portal/two_factor/admin_reset.html", context)


urlpatterns = [path("<int:user_id>/reset/", reset, name="reset")]
