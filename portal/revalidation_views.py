"""The organisation's answers to re-validation: "still accurate" (from the e-mailed link) and "retired".

Both change a public page, so both are POST only behind a page that explains
what will happen; only the submitter or a confirmed member of their
organisation may do either (anyone else gets a 404, so a link forwarded to a
stranger reveals nothing).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from showcase.models import UseCasePage
from showcase.revalidation import RETIRED_STAGE, confirm_still_accurate, retire_case
from showcase.text import TypedTextMixin

from .models import Submission
from .revalidation import may_confirm, page_id_from_token


class RetireForm(TypedTextMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why was it retired? (optional, public)"),
        required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
    )


def _live_case(submission: Submission) -> UseCasePage:
    page = UseCasePage.objects.live().filter(pk=submission.page_id).first()
    if page is None:
        raise Http404
    return page


def confirm_accurate(request: HttpRequest, token: str) -> HttpResponse:
    page_id = page_id_from_token(token)
    if page_id is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = get_object_or_404(Submission.objects.select_related("page"), page_id=page_id)
    if not may_confirm(request.user, submission):
        raise Http404
    page = _live_case(submission)
    if request.method == "POST":
        due = confirm_still_accurate(page, request.user)
        messages.success(request, _("Thank you. The case is confirmed; the next review is due on %(date)s.") % {
            "date": due.isoformat()})
        return redirect("submissions:detail", pk=submission.pk)
    return render(request, "portal/submissions/confirm_accurate.html", {"submission": submission, "page": page})


def retire(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    submission = get_object_or_404(Submission, pk=pk)
    if not may_confirm(request.user, submission):
        raise Http404
    page = _live_case(submission)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        retire_case(page, form.cleaned_data["note"], request.user)
        messages.success(request, _("The case is marked retired. It stays in the catalogue, labelled retired."))
        return redirect("submissions:detail", pk=submission.pk)
    already = page.deployment_stage is not None and page.deployment_stage.slug == RETIRED_STAGE
    return render(
        request, "portal/submissions/retire.html", {"submission": submission, "page": page, "form": form,
                                                     "already": already},
    )
