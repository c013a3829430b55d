"""Wagtail's "Page types usage" report, without other people's private drafts.

The report names the most recently edited page of each type and does not ask
the page permission policy which pages the reader may see, so the latest saved
draft of a case — a submitter's, never submitted — would appear there by title
(``showcase.page_permissions``, rule 1). This subclass names the latest page
the reader may see instead. Mounted before Wagtail's admin URLs in
``portal/urls.py``, at the same addresses, with the admin's own access check.
"""

from __future__ import annotations

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page

from .page_permissions import private_drafts_for


class PageTypesUsageReport(PageTypesUsageReportView):
    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        hidden = private_drafts_for(self.request.user).values("pk")
        for item in page_types:
            page = getattr(item, "last_edited_page", None)
            if page is not None and private_drafts_for(self.request.user).filter(pk=page.pk).exists():
                item.last_edited_page = (
                    Page.objects.filter(content_type_id=item.pk).exclude(pk__in=hidden)
                    .order_by("-latest_revision_created_at", "title", "-pk").specific().first()
                )
        return page_types


def _admin_view(**kwargs):
    return never_cache(require_admin_access(PageTypesUsageReport.as_view(**kwargs)))


#: Before ``path("admin/", include(wagtailadmin_urls))``, so these answer first.
urlpatterns = [
    path("admin/reports/page-types-usage/", _admin_view()),
    path("admin/reports/page-types-usage/results/", _admin_view(results_only=True)),
]
