"""Wagtail's "Site history" report (the audit log, with its CSV and XLSX export), for editors and organisers only.

Wagtail shows the report, and exports it (``?export=csv``), to everyone who enters the admin,
each entry filtered by what the reader may view. Reviewers would then read who opened which
evidence and when; the log is for the people who run the showcase: Editors, Meeting organisers
and administrators. Mounted before Wagtail's admin URLs in ``portal/urls.py`` at the same
addresses, with the admin's own access check; the menu item is hidden from everyone else
(``portal/wagtail_hooks.py``).

Organisers may not explore the page tree, so Wagtail would show them none of the entries logged
on a meeting page; the decisions on registrations (theirs) are added for those who may decide them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField, QuerySet, Value
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import permission_denied, require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import PageLogEntry

from moderation.setup import EDITORS

from .meetings import vetting
from .meetings.organisers import ORGANISERS, may_decide

#: The groups that read and export the audit log (besides superusers).
AUDIT_LOG_GROUPS = (EDITORS, ORGANISERS)


def may_read_audit_log(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=AUDIT_LOG_GROUPS).exists()


class AuditLogReport(LogEntriesView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_read_audit_log(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def viewable_entries(self, log_model: type) -> QuerySet:
        entries = log_model.objects.viewable_by_user(self.request.user)
        if log_model is PageLogEntry and may_decide(self.request.user):
            entries = entries | PageLogEntry.objects.filter(action__in=(vetting.APPROVED_ACTION, vetting.DECLINED_ACTION))
        return entries

    def get_filtered_queryset(self) -> QuerySet:
        """Wagtail's union of every log model's entries (LogEntriesView), each from ``viewable_entries``."""
        self.log_models = list(log_action_registry.get_log_entry_models())
        queryset = None
        for index, log_model in enumerate(self.log_models):
            entries = self.viewable_entries(log_model).values("pk", "timestamp").annotate(
                log_model_index=Value(index, output_field=IntegerField())
            )
            entries = self.filter_queryset(entries).order_by()
            queryset = entries if queryset is None else queryset.union(entries, all=True)
        return queryset.order_by("-timestamp")


def _admin_view(**kwargs: Any) -> Any:
    return never_cache(require_admin_access(AuditLogReport.as_view(**kwargs)))


#: Before ``path("admin/", include(wagtailadmin_urls))``, so these answer first.
urlpatterns = [
    path("admin/reports/site-history/", _admin_view()),
    path("admin/reports/site-history/results/", _admin_view(results_only=True)),
]
