"""My submissions: the list, one submission's page (status, history, the reviewers' message), withdrawal.

A submission someone may not see is a 404 for them, logged in or not, so its
existence is not revealed. Colleagues read; only the submitter acts.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from moderation import handover as review
from showcase import drafts

from . import case_updates
from . import submission as services
from .answer_rows import step_answers
from .models import Status, Submission
from .revalidation import may_confirm
from .status import reviewers_message
from .wizard import STEPS


def _visible(request: HttpRequest, pk: int) -> Submission:
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(services.visible_submissions(request.user), pk=pk)


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    visible = services.visible_submissions(request.user)
    return render(
        request,
        "portal/submissions/list.html",
        {
            "own": visible.filter(submitter=request.user),
            "colleagues": visible.exclude(submitter=request.user),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _visible(request, pk)
    is_owner = submission.submitter_id == request.user.pk
    page = submission.page
    public_url = page.specific.url if page is not None and submission.status == Status.PUBLISHED else ""
    update_stage = case_updates.update_stage(submission)
    changes_asked = submission.status == Status.CHANGES_REQUESTED or update_stage == case_updates.CHANGES_REQUESTED
    publish_at = review.scheduled_publication(page) if submission.status == Status.SCHEDULED else None
    return render(
        request,
        "portal/submissions/detail.html",
        {
            "submission": submission,
            "is_owner": is_owner,
            "can_edit": services.can_edit(request.user, submission),
            "update_stage": update_stage,
            "update_labels": case_updates.LABELS,
            "can_withdraw": services.can_withdraw(request.user, submission),
            "reviewers_message": reviewers_message(submission) if changes_asked else "",
            "history": submission.status_changes.all(),
            "public_url": public_url,
            "publish_date": review.publication_date_text(publish_at) if publish_at else "",
            "can_retire": bool(public_url) and may_confirm(request.user, submission),
            "first_step": STEPS[0],
            "answers": step_answers(submission) if page is not None else [],
            "images": drafts.draft_images(page) if page is not None else [],
        },
    )


def submitted(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _visible(request, pk)
    return render(request, "portal/submissions/submitted.html", {"submission": submission})


def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _visible(request, pk)
    if submission.submitter_id != request.user.pk:
        raise PermissionDenied
    if not services.can_withdraw(request.user, submission):
        messages.info(request, _("This submission can no longer be withdrawn."))
        return redirect("submissions:detail", pk=submission.pk)
    if request.method == "POST":
        services.withdraw(submission, request.user)
        messages.success(request, _("Your submission is withdrawn."))
        return redirect("submissions:detail", pk=submission.pk)
    return render(request, "portal/submissions/withdraw.html", {"submission": submission})
