"""The forms of the workflow actions (the admin's action modal).

Wagtail builds an action's form with ``form_class(request.POST)`` only, and
then calls ``on_action(..., **form.cleaned_data)``; so

* the approve form carries the task state's id in a hidden field and builds
  its fields (one rating and note per active criterion, one override per
  current red flag) from it; the modal's template builds the same form for the
  task state shown (``moderation_tags.approve_form``);
* every cleaned value is JSON-serialisable (ids and strings, never model
  instances), because the page editor posts the collected data back as JSON;
* ``on_action`` validates the same form again (``moderation.models.tasks``), so
  data that reaches it by another path is held to the same rules;
* the approve form asks the task which criteria to rate
  (``criteria_to_rate``), so this module, which the task models import,
  imports no model of its own app;
* every form removes invisible bidi and zero-width controls from what the
  reviewer typed (``showcase.text.TypedTextMixin``): notes, overrides and the
  messages to the submitter are read by others and must say what they show.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import TaskState

from showcase.review_dates import SHORTER_INTERVALS, default_months
from showcase.taxonomies import RiskTier
from showcase.text import TypedTextMixin

from .actions import APPROVE, DECLINE, REQUEST_CHANGES
from .go_live import default_go_live, go_live_field, go_live_zone
from .actions import APPROVE, DECLINE, REQUEST_CHANGES, WITHHOLD, WITHHOLD_REASON_CHOICES
from .latest_revision import latest_answers_page
from .ratings import RATING_CHOICES
from .red_flag_answers import flags_for
from .rubric import PRINCIPLES

#: The shortest override justification accepted (a few words, not a tick).
MIN_JUSTIFICATION = 20


def rating_field(code: str) -> str:
    return f"rating__{code}"


def note_field(code: str) -> str:
    return f"note__{code}"


def override_field(rule: str) -> str:
    return f"override__{rule}"


class TaskActionForm(TypedTextMixin, forms.Form):
    """Accepts the task state it acts on (``on_action`` passes it; Wagtail's view does not)."""

    def __init__(self, data: Any = None, *args: Any, task_state: TaskState | None = None, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.task_state = task_state


class RequestChangesForm(TaskActionForm):
    message = forms.CharField(
        label=_("Message to the submitter"),
        help_text=_("Say what to change and why. The submitter reads this; do not include reviewer notes."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Write the message to the submitter.")},
    )


class DeclineForm(TaskActionForm):
    reason = forms.CharField(
        label=_("Reason for declining"),
        help_text=_("Declining is final. The submitter reads this reason."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Give the reason for declining.")},
    )


class SignOffForm(TaskActionForm):
    comment = forms.CharField(
        label=_("Comment (for the editors, optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        max_length=2000,
    )

    def __init__(self, data: Any = None, *args: Any, task_state: TaskState | None = None, **kwargs: Any) -> None:
        super().__init__(data, *args, task_state=task_state, **kwargs)
        # Wagtail's own modal builds the form without the task state: then the meeting's default is offered.
        offer = task_state.task.specific.go_live_offer(task_state) if task_state is not None else default_go_live(None)
        self.fields["go_live_at"] = go_live_field(zone=go_live_zone(), initial=offer, proposal=False)


class ApproveForm(TaskActionForm):
    """The assessment: every active criterion rated, the risk tier, the public summary, each red flag overridden."""

    task_state_id = forms.IntegerField(widget=forms.HiddenInput)
    risk_tier = forms.ChoiceField(
        label=_("Risk tier (confirm or correct the submitter's claim)"),
        error_messages={"required": _("Confirm or correct the risk tier.")},
    )
    public_summary = forms.CharField(
        label=_("Public summary of the review"),
        help_text=_("Published on the case page. No reviewer notes, no names."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        error_messages={"required": _("Write the public summary of the review.")},
    )

    review_months = forms.TypedChoiceField(
        label=_("Next review of the published case"),
        help_text=_("Its organisation is asked to confirm it is still accurate by then. Choose a shorter period for a high-risk case."),
        coerce=int, empty_value=None, required=False,
    )

    def __init__(self, data: Any = None, *args: Any, task_state: TaskState | None = None, **kwargs: Any) -> None:
        super().__init__(data, *args, task_state=task_state, **kwargs)
        self.fields["review_months"].choices = review_interval_choices()
        if self.task_state is None and self.is_bound:
            self.task_state = self._task_state_from_data()
        self.page = self.task = None
        claimed_pk = None
        if self.task_state is not None:
            self.page = self.task_state.workflow_state.content_object.specific
            self.task = self.task_state.task.specific
            claimed_pk = latest_answers_page(self.page).risk_tier_claimed_id
            self.fields["task_state_id"].initial = self.task_state.pk
        self.fields["risk_tier"].choices = [("", _("Choose the risk tier"))] + [
            (str(tier.pk), tier.name) for tier in RiskTier.objects.filter(_active_or(claimed_pk))
        ]
        if claimed_pk:
            self.fields["risk_tier"].initial = str(claimed_pk)

        offer = self.task.go_live_offer(self.task_state) if self.task is not None else default_go_live(None)
        self.fields["go_live_at"] = go_live_field(zone=go_live_zone(), initial=offer, proposal=True)
        self.flags = flags_for(self.page) if self.page is not None else []
        for flag in self.flags:
            self.fields[override_field(flag.rule)] = forms.CharField(
                label=flag.message,
                help_text=_("Justify approving despite this red flag (kept in the audit trail, never published)."),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=3000,
            )
        self.criteria = list(self.task.criteria_to_rate()) if self.task is not None else []
        for criterion in self.criteria:
            self.fields[rating_field(criterion.code)] = forms.ChoiceField(
                label=criterion.question,
                help_text=criterion.guidance,
                choices=RATING_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Rate this criterion.")},
            )
            self.fields[note_field(criterion.code)] = forms.CharField(
                label=_("Note (confidential)"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                max_length=3000,
            )

    def _task_state_from_data(self) -> TaskState | None:
        try:
            pk = int(self.data.get("task_state_id"))
        except (TypeError, ValueError):
            return None
        return TaskState.objects.filter(pk=pk).select_related("workflow_state", "task").first()

    # --- Groups for the template -------------------------------------------------------------

    def flag_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(flag, self[override_field(flag.rule)]) for flag in self.flags]

    def criteria_by_principle(self) -> list[tuple[str, list[tuple[Any, forms.BoundField, forms.BoundField]]]]:
        groups: dict[str, list] = {}
        for criterion in self.criteria:
            groups.setdefault(criterion.principle, []).append(
                (criterion, self[rating_field(criterion.code)], self[note_field(criterion.code)])
            )
        order = {name: index for index, name in enumerate(PRINCIPLES)}
        return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))

    # --- Validation --------------------------------------------------------------------------------

    def clean_task_state_id(self) -> int:
        value = self.cleaned_data["task_state_id"]
        # The form of one review task state: not another's, and never a step that asks for no assessment.
        asks = getattr(self.task, "asks_for_assessment", False)
        if self.task_state is None or value != self.task_state.pk or not asks:
            raise ValidationError(_("This form belongs to another review. Reload the page and try again."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for flag in self.flags:
            name = override_field(flag.rule)
            text = (cleaned.get(name) or "").strip()
            if not text:
                self.add_error(name, _("Override this red flag with a written justification, or request changes."))
            elif len(text) < MIN_JUSTIFICATION:
                self.add_error(
                    name, _("Write a fuller justification (at least %(n)d characters).") % {"n": MIN_JUSTIFICATION}
                )
        return cleaned

    def ratings(self) -> list[tuple[Any, str, str]]:
        """(criterion, rating, note) for every active criterion, after validation."""
        return [
            (c, self.cleaned_data[rating_field(c.code)], self.cleaned_data.get(note_field(c.code), "").strip())
            for c in self.criteria
        ]

    def overrides(self) -> list[tuple[Any, str]]:
        return [(flag, self.cleaned_data[override_field(flag.rule)].strip()) for flag in self.flags]


class WithholdForm(TaskActionForm):
    withhold_reason = forms.ChoiceField(
        label=_("Why is it withheld?"),
        help_text=_("Only the number of withheld cases per reason is published, never the case."),
        choices=[("", _("Choose a reason"))] + list(WITHHOLD_REASON_CHOICES),
        error_messages={"required": _("Choose the reason for withholding.")},
    )
    reason = forms.CharField(
        label=_("Message to the submitter"),
        help_text=_("Withholding is final. The submitter reads this message."),
        widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        error_messages={"required": _("Write the message to the submitter.")},
    )


def review_interval_choices() -> list[tuple[Any, str]]:
    default = _("In %(n)d months (the default)") % {"n": default_months()}
    return [("", default)] + [(str(n), _("In %(n)d months") % {"n": n}) for n in SHORTER_INTERVALS]


def _active_or(pk: Any) -> Q:
    """Active values, plus the one already chosen even if retired since."""
    return Q(active=True) | Q(pk=pk) if pk else Q(active=True)


class CommentForm(TypedTextMixin, TaskStateCommentForm):
    """Wagtail's comment form, for an action without its own form (none today)."""


def form_for_action(task: Any, action: str) -> type[forms.Form]:
    """The form of ``action`` on ``task`` (what the task's ``get_form_for_action`` returns)."""
    if action == APPROVE:
        return ApproveForm if task.asks_for_assessment else SignOffForm
    if action == REQUEST_CHANGES:
        return RequestChangesForm
    if action == DECLINE:
        return DeclineForm
    if action == WITHHOLD:
        return WithholdForm
    return CommentForm
