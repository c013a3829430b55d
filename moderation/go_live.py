"""When an approved case goes live: the go-live time the approver may set, in the meeting's time zone.

A reviewer proposes a go-live time with the approval; the signing editor confirms,
changes or clears it. The final approval then schedules the signed-off revision
with **Wagtail's own scheduled publishing** (``moderation.publication``): the
revision's ``go_live_at`` is set, ``Revision.publish`` stores it as the
revision's ``approved_go_live_at`` and leaves the case unpublished, and the
``publish_scheduled`` command (run by the scheduler, ``SCHEDULED_JOBS``)
publishes it when the time comes, sending ``page_published`` as any publication
does — so the search index, the submitter's status and e-mail follow.

Times are typed in the current meeting's time zone (``showcase.meetings``), or the
site's (``TIME_ZONE``) when there is no meeting. The time offered is the start of the
first future session spotlighting the case, else the meeting's opening if still ahead.

https://docs.wagtail.org/en/stable/reference/management_commands.html#publish-scheduled
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from showcase.meetings import current_meeting, meeting_opening, session_start
from showcase.time_zones import zone_or_utc

#: The furthest ahead a go-live time may be (a typo in the year, not a plan).
LONGEST_WAIT = timedelta(days=3 * 366)
#: ``<input type="datetime-local">`` sends this; the others are accepted when typed by hand.
#: The shape of a typed (or JSON-posted) time: a day and a time, ASCII digits, optionally seconds and an offset.
TYPED_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?")
INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def go_live_zone() -> ZoneInfo:
    """The zone go-live times are typed and shown in: the current meeting's, else the site's."""
    meeting = current_meeting()
    return zone_or_utc(meeting.time_zone if meeting is not None else settings.TIME_ZONE)


def default_go_live(page: Any, now: datetime | None = None) -> datetime | None:
    """The time offered: the first future session spotlighting ``page``, else the current meeting's opening."""
    now = now or timezone.now()
    meeting = current_meeting(now)
    if meeting is None:
        return None
    if page is not None and getattr(page, "pk", None):
        starts = [session_start(s) for s in meeting.sessions.filter(spotlight_cases=page.pk)]
        future = sorted(start for start in starts if start and start > now)
        if future:
            return future[0]
    opening = meeting_opening(meeting)
    return opening if opening > now else None


def scheduled_go_live(page: Any) -> datetime | None:
    """When the approved, scheduled revision of ``page`` goes live (Wagtail's ``approved_go_live_at``)."""
    revision = page.scheduled_revision if page is not None else None
    return revision.approved_go_live_at if revision is not None else None


def set_revision_go_live(revision: Any, go_live_at: datetime | None) -> None:
    """Give the revision about to be published its go-live time (``None``: at once), as Wagtail's editor does."""
    value = DjangoJSONEncoder().default(go_live_at) if go_live_at is not None else None
    if revision.content.get("go_live_at") != value:
        revision.content["go_live_at"] = value
        revision.save(update_fields=["content"])


def format_go_live(value: datetime, zone: ZoneInfo | None = None) -> str:
    """``value`` in the meeting's zone, in the active language's date format, with the zone's name."""
    zone = zone or go_live_zone()
    local = timezone.localtime(value, zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({zone.key})"


class GoLiveField(forms.DateTimeField):
    """A wall-clock time typed in ``zone`` (not the request's), refused when past or years ahead."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, zone: ZoneInfo, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        super().__init__(**kwargs)
        self.zone = zone

    def to_python(self, value: Any) -> datetime | None:
        if isinstance(value, str) and value.strip() and not TYPED_TIME.fullmatch(value.strip()):
            raise ValidationError(_("Enter a date and time, e.g. 2030-03-04 14:00."), code="invalid")
        if value is not None and not isinstance(value, str | datetime):  # e.g. a list in crafted JSON
            raise ValidationError(_("Enter a date and time, e.g. 2030-03-04 14:00."), code="invalid")
        with timezone.override(self.zone):  # a naive value is read in the meeting's zone
            result = super().to_python(value)
        try:  # year 1 or 9999 in a zone off UTC has no UTC instant
            return result.astimezone(ZoneInfo("UTC")) if result is not None else None
        except OverflowError:
            raise ValidationError(_("Enter a date and time, e.g. 2030-03-04 14:00."), code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value, self.zone).replace(tzinfo=None)
        return super().prepare_value(value)

    def validate(self, value: datetime | None) -> None:
        super().validate(value)
        if value is None:
            return
        now = timezone.now()
        if value <= now:
            raise ValidationError(
                _("This time has passed (it is now %(now)s). Choose a time in the future, or leave the field "
                  "empty to publish at once."),
                code="past", params={"now": format_go_live(now, self.zone)},
            )
        if value > now + LONGEST_WAIT:
            raise ValidationError(_("Choose a time within the next three years."), code="too_far")


def go_live_field(*, zone: ZoneInfo, initial: datetime | None, proposal: bool) -> GoLiveField:
    """The "Go live at" field of an approval form: for the reviewer a proposal, for the signing editor the decision."""
    help_text = (
        _("Optional: proposed to the signing editor. In the meeting's time zone (%(zone)s).")
        if proposal
        else _("Optional: the case stays unpublished until then (empty: published at once). "
               "In the meeting's time zone (%(zone)s). The submitter is told the date.")
    )
    return GoLiveField(
        zone=zone, label=_("Go live at"), required=False, initial=initial, help_text=help_text % {"zone": zone.key},
    )
