"""Django's admin (``/django-admin/``) for superusers only.

It is kept for support and emergencies (the task queue, the outbox); day-to-day
work is in Wagtail's admin. Django lets every ``is_staff`` account in and then
shows what its model permissions allow, which let reviewers and editors reach
the index and Wagtail's image and document tables there (issue 21). Installed
as the default admin site by ``PortalAdminConfig`` (in ``INSTALLED_APPS``
instead of ``django.contrib.admin``).
"""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """A signed-in account without the right gets 403, not Django's log-in redirect.

        The redirect would lead (through ``/django-admin/login/``) to Wagtail's
        log-in, which sends a signed-in member of staff straight back: a loop.
        """
        protected = super().admin_view(view, cacheable)

        def refuse_the_signed_in(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            logout_path = reverse("admin:logout", current_app=self.name)
            if request.user.is_authenticated and not self.has_permission(request) and request.path != logout_path:
                raise PermissionDenied
            return protected(request, *args, **kwargs)

        return update_wrapper(refuse_the_signed_in, protected)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.SuperuserAdminSite"
