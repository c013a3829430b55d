"""The editors' list of problem reports in Wagtail's admin: filters (status, reason), counts per status, outcomes.

A ``ModelViewSet`` (https://docs.wagtail.org/en/stable/extending/generic_views.html):
editors filter the list, open a report and choose its outcome; saving runs
``moderation.problem_reports.apply_outcome`` (dates the public note, tells the
organisation or the reporter once). Reports are never created or deleted here:
they come from the public form and stay as the record.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views.generic import EditView, IndexView

from .models import ProblemReport
from .problem_reports import apply_outcome


class ReportIndexView(IndexView):
    template_name = "moderation/problem_report_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = dict(ProblemReport.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        context["status_counts"] = [(label, counts.get(code, 0)) for code, label in ProblemReport.STATUS_CHOICES]
        return context


class ReportEditView(EditView):
    def save_instance(self) -> ProblemReport:
        report = super().save_instance()
        apply_outcome(report, self.request.user)
        return report


class ProblemReportViewSet(ModelViewSet):
    model = ProblemReport
    icon = "warning"
    menu_label = _("Problem reports")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "problem-reports"
    index_view_class = ReportIndexView
    edit_view_class = ReportEditView
    list_display = ["page", "reason", "status", "created_at"]
    list_filter = ["status", "reason"]
    inspect_view_enabled = False
    add_to_settings_menu = False
    panels = [
        MultiFieldPanel([FieldPanel("status")], heading=_("Outcome")),
        MultiFieldPanel([FieldPanel("correction")], heading=_("Correction note")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("reply"), FieldPanel("reply_approved")])], heading=_("Right of reply")),
        MultiFieldPanel([FieldPanel("close_reason")], heading=_("Closed")),
        MultiFieldPanel(
            [FieldPanel("page", read_only=True), FieldPanel("reason", read_only=True),
             FieldPanel("description", read_only=True), FieldPanel("contact", read_only=True)],
            heading=_("The report"),
        ),
    ]
