"""The support view of unsubmitted drafts: the only way an administrator reads one, and never unnoticed.

A draft its submitter never submitted is private (``showcase.page_permissions``):
no listing shows it and every admin URL naming it answers 404, for
administrators too. When a submitter asks for help, an administrator opens it
here: the list shows no content (reference, owner, dates), and opening one asks
why; the reason, who and when go to the audit log (action
``showcase.support_view_draft``) before the draft is shown, read-only. The
list shows the recent openings (the draft's own history is hidden like the
draft, until it is submitted).

Registered under /admin/case-drafts/ by ``showcase.wagtail_hooks`` (Wagtail's
admin access check runs first); both views also require a superuser. The URL
argument is ``draft_id``, not ``page_id``, so ``showcase.admin_guard`` lets it
through.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from .drafts import SUBMITTER_FIELDS, SUBMITTER_RELATIONS, draft_of
from .models import UseCasePage
from .page_permissions import never_submitted_drafts
from .text import TypedTextMixin

LOG_ACTION = "showcase.support_view_draft"
REASON_MAX_LENGTH = 500


class SupportReasonForm(TypedTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to open this draft?"),
        help_text=_("For example the support request you are answering. It is kept in the audit log."),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "id_reason-help"}),
        error_messages={"required": _("Say why you need to open this draft.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Invisible characters are removed after the field's own check: what is left must still say something.
        if "reason" in cleaned and not cleaned["reason"].strip():
            self.add_error("reason", self.fields["reason"].error_messages["required"])
        return cleaned


def _require_superuser(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


def draft_list(request: HttpRequest) -> HttpResponse:
    """The unsubmitted drafts, without their content: reference, owner and dates only."""
    _require_superuser(request)
    drafts = never_submitted_drafts().select_related("owner").order_by("-latest_revision_created_at", "-pk")
    page = Paginator(drafts, 50).get_page(request.GET.get("p"))
    # The drafts' own histories are hidden like the drafts: the openings are audited here.
    openings = PageLogEntry.objects.filter(action=LOG_ACTION).select_related("user").order_by("-timestamp")[:20]
    return TemplateResponse(request, "showcase/admin/draft_list.html", {"drafts": page, "openings": openings})


def open_draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    """GET: ask why. POST with a reason: log it, then show the draft read-only."""
    _require_superuser(request)
    page = get_object_or_404(never_submitted_drafts(), pk=draft_id).specific
    form = SupportReasonForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"draft": page, "form": form}
    if form.is_valid():
        log(instance=page, action=LOG_ACTION, user=request.user, data={"reason": form.cleaned_data["reason"]})
        context["rows"] = draft_rows(draft_of(page))
    return TemplateResponse(request, "showcase/admin/draft_open.html", context)


def draft_rows(draft: UseCasePage) -> list[tuple[str, str]]:
    """(label, value) of every answer the submitter writes on the page, as plain text."""
    rows = []
    for name in (*SUBMITTER_FIELDS, *SUBMITTER_RELATIONS):
        field = UseCasePage._meta.get_field(name)
        rows.append((str(field.verbose_name).capitalize(), _display(draft, name, field)))
    rows.append((gettext("Tags"), ", ".join(tag.name for tag in draft.tags.all())))
    rows.append((gettext("Images"), ", ".join(item.alt_text for item in draft.images.all())))
    return rows


def _display(draft: UseCasePage, name: str, field: Any) -> str:
    value = getattr(draft, name)
    if name in SUBMITTER_RELATIONS:
        return ", ".join(str(item) for item in value.all())
    if name == "countries":
        return ", ".join(country.name for country in value)
    if getattr(field, "choices", None):
        return str(getattr(draft, f"get_{name}_display")())
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, Model):
        return str(value)
    return "" if value is None else str(value)
