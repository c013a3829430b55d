"""The submission wizard under /submit/: start, one page per step, check your answers, submit.

Only the submitter changes a submission, and only while it is a draft or
waits for changes; colleagues are sent to the read-only page, anyone else
gets a 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from showcase import drafts
from showcase.models import MAX_IMAGES

from . import submission as services
from .answer_rows import step_answers
from .form_display import VISIBILITY_HINTS, VISIBILITY_LABELS
from .models import Status, Submission
from .models.call_window import window_for
from .uploads import clean_image, save_wagtail_image
from .wizard import STEPS, Step, next_step, step_for


def _own_editable(request: HttpRequest, pk: int, *, for_saving: bool = False) -> Submission | HttpResponse:
    """The submission if this user may edit it; a redirect for a colleague or a closed case; 404 otherwise.

    ``for_saving``: read under the lock the save takes (``services.locked_for_saving``; the caller's transaction),
    so the checks, the form and the save share one read of the submission and its page. The checks are the same.
    """
    if for_saving:
        try:
            submission = services.locked_for_saving(request.user, pk)
        except Submission.DoesNotExist:
            raise Http404 from None
    else:
        submission = get_object_or_404(services.visible_submissions(request.user), pk=pk)
    if submission.submitter_id != request.user.pk:
        return redirect("submissions:detail", pk=submission.pk)
    if not services.can_edit(request.user, submission):
        messages.info(request, _("This submission cannot be changed now: it is %(status)s.") % {"status": submission.get_status_display().lower()})
        return redirect("submissions:detail", pk=submission.pk)
    if submission.page_id is None and services.restore_missing_page(submission, request.user):
        messages.warning(request, services.missing_page_message())
    return submission


def _wizard_context(request: HttpRequest, submission: Submission, step: Step, **extra: Any) -> dict[str, Any]:
    return {
        "submission": submission,
        "steps": STEPS,
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "step_count": len(STEPS),
        "window": window_for(request.user),
        "visibility_labels": VISIBILITY_LABELS,
        "visibility_hints": VISIBILITY_HINTS,
        **extra,
    }


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The way in: explains the call, lists drafts, and starts a new submission (once per token)."""
    user = request.user
    if not user.email_verified:
        return render(request, "portal/wizard/verify_first.html")
    if request.method == "POST":
        try:
            token = uuid.UUID(request.POST.get("token", ""))
        except ValueError:
            token = None
        submission, _created = services.start_submission(user, token)
        return redirect("submit:step", pk=submission.pk, slug=STEPS[0].slug)
    drafts_in_progress = Submission.objects.filter(submitter=user, status__in=[Status.DRAFT, Status.CHANGES_REQUESTED])
    return render(
        request,
        "portal/wizard/start.html",
        {"token": uuid.uuid4(), "window": window_for(user), "drafts": drafts_in_progress.select_related("page")},
    )


@login_required
def step_view(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    step = step_for(slug)
    if step is None:
        raise Http404
    if request.method == "POST" and step.form_class is not None:
        with transaction.atomic():  # the lock the save needs, taken once for the whole request
            return _save_step(request, pk, step)
    found = _own_editable(request, pk)
    if isinstance(found, HttpResponse):
        return found
    submission = found
    if step.form_class is None:
        return check_answers(request, submission, step)
    # The form's initial answers from the draft. _own_editable loaded the page.
    read = services.read_draft(submission, page_just_read=True)
    form = services.form_for(step, submission, answers=services.stored_answers(submission, read))
    return _render_step(request, submission, step, form, read)


def _save_step(request: HttpRequest, pk: int, step: Step) -> HttpResponse:
    """A step's form posted: checked, then saved; the submission and its page read once, locked (see ``step_view``)."""
    found = _own_editable(request, pk, for_saving=True)
    if isinstance(found, HttpResponse):
        return found
    submission = found
    # Once: the form's initial answers, then the save (if nothing changed since).
    read = services.read_draft(submission, page_just_read=True)
    answers = services.stored_answers(submission, read)
    action = request.POST.get("action", "continue")
    form = services.form_for(step, submission, request.POST, request.FILES, draft=(action == "later"), answers=answers)
    # The image is checked only when the rest is valid, so a refused file never half-saves a step.
    if not form.is_valid() or not _attach_image(request, submission, form):
        return _render_step(request, submission, step, form, read)
    # An attached image wrote the page: then the save locks and reads both again, as without the lock held.
    attached = "image" in form.fields and bool(form.cleaned_data.get("image"))
    try:
        services.save_step(submission, request.user, form, read=read, locked=not attached)
    except services.SubmissionError as refused:
        # Submitted (or withdrawn) from another tab since this page was checked: nothing is saved.
        messages.error(request, str(refused))
        return redirect("submissions:detail", pk=submission.pk)
    if action == "later":
        messages.success(request, _("Your draft is saved. You can come back to it from “My submissions”."))
        return redirect("submissions:detail", pk=submission.pk)
    if action == "upload":
        messages.success(request, _("The image is added."))
        return redirect("submit:step", pk=submission.pk, slug=step.slug)
    return redirect("submit:step", pk=submission.pk, slug=next_step(step).slug)


def _attach_image(request: HttpRequest, submission: Submission, form: Any) -> bool:
    """Validate and attach the uploaded image, if any; False (with the error on the form) when refused."""
    upload = form.cleaned_data.get("image") if "image" in form.fields else None
    if not upload:
        return True
    if len(drafts.draft_images(submission.page)) >= MAX_IMAGES:
        form.add_error("image", _("A case may show at most %(limit)d images. Remove one first.") % {"limit": MAX_IMAGES})
        return False
    try:
        clean = clean_image(upload)
    except ValidationError as error:
        form.add_error("image", error)
        return False
    image = save_wagtail_image(clean, title=form.cleaned_data["alt_text"], user=request.user)
    drafts.add_image(
        submission.page,
        request.user,
        image=image,
        alt_text=form.cleaned_data["alt_text"],
        caption=form.cleaned_data.get("caption", ""),
    )
    return True


def _render_step(request: HttpRequest, submission: Submission, step: Step, form: Any, read: Any) -> HttpResponse:
    form.prepare_for_display()
    context = _wizard_context(request, submission, step, form=form)
    if step.slug == "media":
        context["images"] = list(read.images.all()) if read is not None else []
    return render(request, "portal/wizard/step.html", context)


@login_required
@require_POST
def remove_image(request: HttpRequest, pk: int, image_id: int) -> HttpResponse:
    found = _own_editable(request, pk)
    if isinstance(found, HttpResponse):
        return found
    drafts.remove_image(found.page, request.user, image_id)
    messages.success(request, _("The image is removed."))
    return redirect("submit:step", pk=found.pk, slug="media")


def check_answers(request: HttpRequest, submission: Submission, step: Step) -> HttpResponse:
    error: str = ""
    problems: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            result = services.submit(submission, request.user)
        except services.Incomplete as incomplete:
            problems = incomplete.problems
        except services.SubmissionError as refused:
            error = str(refused)
        except PermissionDenied:
            raise Http404 from None
        else:
            return redirect("submissions:submitted", pk=result.submission.pk)
    else:
        problems = services.missing_answers(submission)
    step_titles = {s.slug: s.title for s in STEPS}
    context = _wizard_context(
        request,
        submission,
        step,
        answers=step_answers(submission),
        images=drafts.draft_images(submission.page),
        problems=[(slug, step_titles[slug], messages_) for slug, messages_ in problems.items()],
        submit_error=error,
        show_problems=request.method == "POST",
    )
    return render(request, "portal/wizard/check.html", context)
