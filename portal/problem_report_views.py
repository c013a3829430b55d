"""The public "Report a problem with this case" form: no account needed, rate-limited and spam-guarded like registration.

The form is the portal's (the site's public forms and their abuse guards live
here: ``portal.models.ratelimit``, the ``website`` honeypot); the report is
moderation's (``moderation.problem_reports.file_report``). Only live cases the
visitor may see can be reported; anything else is a 404, so the form reveals nothing.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from moderation.models import ProblemReport
from moderation.problem_reports import file_report
from showcase.models import UseCasePage
from showcase.text import TypedTextMixin
from showcase.visibility import visible_pages

from .account_forms import HONEYPOT
from .account_views import limit, rate_limited, render_form
from .form_display import AccessibleFormMixin
from .models import ratelimit


class ProblemReportForm(TypedTextMixin, AccessibleFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("What is the problem?"), choices=ProblemReport.REASON_CHOICES, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Describe it"),
        help_text=_("What is wrong or missing, and how you know. The editors read it; it is not published."),
        max_length=3000, widget=forms.Textarea(attrs={"rows": 6}),
    )
    contact = forms.CharField(
        label=_("Your e-mail address or other contact (optional)"),
        help_text=_("Only if you want an answer. The editors alone see it."),
        max_length=254, required=False, widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


def report_problem(request: HttpRequest, page_id: int) -> HttpResponse:
    page = visible_pages(UseCasePage.objects.live(), request.user).filter(pk=page_id).first()
    if page is None:
        raise Http404
    template = "portal/problem_report.html"
    if request.method != "POST":
        return render_form(request, template, ProblemReportForm(), page=page)
    verdict = ratelimit.hit(limit("problem-report-ip"), ratelimit.client_ip(request))
    if not verdict.allowed:
        return rate_limited(request, verdict)
    form = ProblemReportForm(request.POST)
    if form.is_bot:  # the same thank-you a person sees, and nothing stored
        return render(request, "portal/problem_report_done.html", {"page": page})
    if not form.is_valid():
        return render_form(request, template, form, page=page)
    data = form.cleaned_data
    file_report(page, data["reason"], data["description"].strip(), data["contact"].strip())
    return render(request, "portal/problem_report_done.html", {"page": page})
