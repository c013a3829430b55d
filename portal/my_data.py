"""A person's own data as one JSON document (issue 18, docs/PRIVACY.md "Your copy of your data").

Only what is about the person who asks: their account, their meeting
registrations and the submissions *they* made (not their colleagues'), with
every answer they gave, confidential ones decrypted (they typed them), and
each submission's status history. Never a secret: no password hash, no
two-factor key or recovery code, only whether two-factor sign-in is on.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from showcase import drafts

from .answer_rows import step_answers
from .models import MeetingRegistration, SavedSearch, Submission
from .two_factor import devices

FORMAT_VERSION = 1


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def account(user: Any) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "organisation": user.organisation.name if user.organisation_id else None,
        "membership_confirmed_at": _when(user.membership_confirmed_at),
        "email_verified_at": _when(user.email_verified_at),
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "two_factor_enabled": devices.is_enabled(user),
    }


def registrations(user: Any) -> list[dict[str, Any]]:
    rows = MeetingRegistration.objects.filter(user=user).select_related("meeting", "organisation_type")
    return [
        {
            "meeting": registration.meeting.title,
            "registered_at": _when(registration.created_at),
            "role": registration.role,
            "organisation": registration.organisation,
            "organisation_type": str(registration.organisation_type or ""),
            "country": str(registration.country or ""),
            "sessions_of_interest": registration.sessions_of_interest,
            "accessibility_needs": registration.accessibility_needs,
            "language": registration.language,
            "status": registration.get_status_display(),
            "decision_reason": registration.decision_reason,
            "decided_at": _when(registration.decided_at),
            "access_ended_at": _when(registration.access_ended_at),
        }
        for registration in rows
    ]


def _answers(submission: Submission) -> list[dict[str, str]]:
    if submission.page_id is None:
        return []
    return [
        {"step": str(group.step.title), "question": row.label, "answer": row.value, "visibility": row.visibility}
        for group in step_answers(submission)
        for row in group.rows
    ]


def _images(submission: Submission) -> list[dict[str, str]]:
    if submission.page_id is None:
        return []
    return [
        {"title": item.image.title, "alt_text": item.alt_text, "caption": item.caption}
        for item in drafts.draft_images(submission.page)
    ]


def submission(item: Submission) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "title": str(item),
        "organisation": item.organisation.name if item.organisation_id else None,
        "status": item.get_status_display(),
        "language": item.language,
        "consent_to_publish": item.consent_to_publish,
        "created_at": _when(item.created_at),
        "updated_at": _when(item.updated_at),
        "submitted_at": _when(item.submitted_at),
        "withdrawn_at": _when(item.withdrawn_at),
        # After erasure (portal/retention.py) the confidential answers are blank: this says why.
        "confidential_answers_erased_at": _when(item.answers_purged_at),
        "answers": _answers(item),
        "images": _images(item),
        "status_history": [
            {"status": change.get_status_display(), "at": _when(change.at), "message": change.message}
            for change in item.status_changes.all()
        ],
    }


def alerts(user: Any) -> list[dict[str, Any]]:
    return [
        {"search": alert.query_string, "frequency": alert.frequency, "language": alert.language,
         "created_at": _when(alert.created_at), "covered_until": _when(alert.covered_until)}
        for alert in SavedSearch.objects.filter(user=user)
    ]


def export(user: Any) -> dict[str, Any]:
    """Everything stored about ``user`` that this site can attribute to them."""
    own = Submission.objects.filter(submitter=user).select_related("page", "organisation").order_by("pk")
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": account(user),
        "meeting_registrations": registrations(user),
        "submissions": [submission(item) for item in own],
        # Reports of a problem with a case are filed without an account: none is linked to a person.
        "problem_reports": {"linked_to_accounts": False, "items": []},
        # Saved searches with e-mail alerts (portal/alerts/): the search, how often, since when.
        "alerts": {"offered": True, "items": alerts(user)},
    }
