"""Organisers' decisions on registrations: approve or decline one or many at once, with a reason.

A decision on 500 registrations costs a fixed number of queries: one read,
one update, two for the Attendees group, one to store the e-mails, one audit
log entry on the meeting page. The e-mails go out after the commit, in the
background (``emails``). Approving gives access (``access.grant_access``),
declining a person approved before takes it away again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import MeetingRegistration, RegistrationStatus
from . import access, emails
from .calendar_file import approval_attachment

APPROVED_ACTION = "portal.meeting_registration.approved"
DECLINED_ACTION = "portal.meeting_registration.declined"


@dataclass(frozen=True)
class Decision:
    changed: int
    unchanged: int


@transaction.atomic
def decide(
    registration_ids: Iterable[int], *, approve: bool, reason: str, by: Any, meeting: Any | None = None
) -> Decision:
    """Approve (or decline) the registrations among ``registration_ids`` not already in that state.

    With ``meeting``, only its registrations are touched (the listing is per meeting).
    """
    target = RegistrationStatus.APPROVED if approve else RegistrationStatus.DECLINED
    ids = {int(pk) for pk in registration_ids}
    queryset = MeetingRegistration.objects.filter(pk__in=ids)
    if meeting is not None:
        queryset = queryset.filter(meeting=meeting)
    chosen = list(queryset.exclude(status=target).select_related("meeting", "user").select_for_update(of=("self",)))
    if not chosen:
        return Decision(changed=0, unchanged=len(ids))
    now = timezone.now()
    changes: dict[str, Any] = {"status": target, "decision_reason": reason, "decided_by": by, "decided_at": now}
    if approve:  # approved again after an earlier decline or expiry: the window starts afresh
        changes.update(access_ended_at=None, access_warned_at=None)
    MeetingRegistration.objects.filter(pk__in=[r.pk for r in chosen]).update(**changes)
    for registration in chosen:  # what the e-mails show
        registration.status, registration.decision_reason = target, reason
    user_ids = [registration.user_id for registration in chosen]
    if approve:
        access.grant_access(user_ids)
        calendars = {r.meeting_id: approval_attachment(r) for r in {r.meeting_id: r for r in chosen}.values()}
        messages = [emails.build_email(r, emails.APPROVED, attachment=calendars[r.meeting_id]) for r in chosen]
    else:
        access.withdraw_access(user_ids, now)
        messages = [emails.build_email(r, emails.DECLINED, reason=reason) for r in chosen]
    emails.queue_emails(messages)
    _log(chosen, approve=approve, reason=reason, by=by)
    return Decision(changed=len(chosen), unchanged=len(ids) - len(chosen))


def _log(chosen: list[MeetingRegistration], *, approve: bool, reason: str, by: Any) -> None:
    """One audit-log entry per meeting (Reports → Site history), naming everyone decided."""
    by_meeting: dict[int, list[MeetingRegistration]] = {}
    for registration in chosen:
        by_meeting.setdefault(registration.meeting_id, []).append(registration)
    for registrations in by_meeting.values():
        log(
            instance=registrations[0].meeting,
            action=APPROVED_ACTION if approve else DECLINED_ACTION,
            user=by,
            data={"count": len(registrations), "people": [r.user.email for r in registrations][:1000], "reason": reason},
        )
