"""Problem reports about published cases: filing one, carrying out the editors' outcome, the public notes.

``file_report`` is what the portal's public form calls; ``apply_outcome`` runs
when an editor saves a report in the admin (``moderation.problem_report_admin``);
``public_notes`` is what the case page shows (``{% case_notes page %}``): the
dated corrections, and the organisation's statements an editor approved —
never a report's description, its reporter or a statement still unreviewed.
Every outcome is written to Wagtail's audit log on the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.validators import validate_email
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.log_actions import log

from .models import ProblemReport
from .signals import case_corrected, problem_report_closed


def file_report(page: Any, reason: str, description: str, contact: str = "") -> ProblemReport:
    report = ProblemReport.objects.create(
        page=page, reason=reason, description=description, contact=contact, language=translation.get_language() or ""
    )
    log(instance=page, action="moderation.problem_reported", data={"report": report.pk, "reason": reason})
    return report


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def apply_outcome(report: ProblemReport, user: Any) -> None:
    """Date what became public, tell whom the outcome concerns (once each), and log it."""
    today = timezone.localdate()
    changed: list[str] = ["handled_by"]
    report.handled_by = user
    if report.status == ProblemReport.CORRECTED and report.correction.strip() and report.corrected_on is None:
        report.corrected_on = today
        report.organisation_told_at = timezone.now()
        changed += ["corrected_on", "organisation_told_at"]
        case_corrected.send(sender=ProblemReport, page=report.page, correction=report.correction)
    if report.status == ProblemReport.REPLY and report.reply_approved and report.replied_on is None:
        report.replied_on = today
        changed.append("replied_on")
    if report.status == ProblemReport.CLOSED and report.close_reason.strip() and report.reporter_told_at is None:
        if _is_email(report.contact.strip()):
            # The portal writes the e-mail to its outbox in this transaction (a mail-server failure loses nothing).
            problem_report_closed.send(sender=ProblemReport, report=report)
            report.reporter_told_at = timezone.now()
            changed.append("reporter_told_at")
    report.save(update_fields=changed)
    log(instance=report.page, action="moderation.problem_outcome", user=user,
        data={"report": report.pk, "status": report.status})


@dataclass(frozen=True)
class PublicNote:
    kind: str  # "correction" or "reply"
    text: str
    on: date


def public_notes(page: Any) -> list[PublicNote]:
    """The corrections and approved statements shown on the case, oldest first."""
    reports = ProblemReport.objects.filter(page_id=page.pk)
    notes = [
        PublicNote("correction", r.correction, r.corrected_on)
        for r in reports.filter(status=ProblemReport.CORRECTED, corrected_on__isnull=False).exclude(correction="")
    ] + [
        PublicNote("reply", r.reply, r.replied_on)
        for r in reports.filter(status=ProblemReport.REPLY, reply_approved=True, replied_on__isnull=False).exclude(reply="")
    ]
    return sorted(notes, key=lambda note: note.on)
