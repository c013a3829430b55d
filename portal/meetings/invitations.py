"""The pre-approved participant list: a CSV file (e-mail, name, organisation) an organiser imports.

All or nothing: the file is read and checked completely first. A malformed
row (no valid address, a field too long, control characters) refuses the
whole import and the report lists every such row with its line number, so
the organiser fixes the file and imports it again; rows repeated in the file
or already on the list are skipped and reported. The valid rows are stored
in one transaction. People on the list who have already registered are
approved at once; the others are approved when they register.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from showcase.text import remove_invisible_controls

from ..models import MeetingInvitation, MeetingRegistration, RegistrationStatus, normalise_email
from ..models.email_addresses import validate_email_characters
from . import vetting

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
LIMITS = {"name": 150, "organisation": 200}
HEADERS = {"email": "email", "e-mail": "email", "e-mail address": "email", "email address": "email",
           "name": "name", "organisation": "organisation", "organization": "organisation"}
#: Control characters (tabs and line breaks included) have no place in a name or an organisation.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ImportRefused(Exception):
    """The file cannot be read at all (too big, not text, no e-mail column)."""


@dataclass
class Row:
    line: int
    email: str
    name: str = ""
    organisation: str = ""


@dataclass
class ImportReport:
    valid: list[Row] = field(default_factory=list)
    malformed: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    imported: int = 0
    approved: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.malformed)


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) for each data row; raises ImportRefused for an unreadable file."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 1 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")) from None
    if "\x00" in text:
        raise ImportRefused(_("The file is not a CSV text file."))
    try:
        return _rows(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:  # a field over the csv module's limit, a stray quote with strict dialects…
        raise ImportRefused(_("The file could not be read as CSV (%(error)s).") % {"error": str(error)[:100]}) from None


def _rows(reader: Any) -> list[tuple[int, dict[str, str]]]:
    header = [HEADERS.get(remove_invisible_controls(cell).strip().lower(), "") for cell in next(reader, [])]
    if "email" not in header:
        raise ImportRefused(_("The first line must name the columns: email, name, organisation."))
    rows = []
    for values in reader:
        if reader.line_num > MAX_ROWS + 1:
            raise ImportRefused(_("The file has more than %(count)d rows.") % {"count": MAX_ROWS})
        if any(value.strip() for value in values):
            rows.append((reader.line_num, {name: value for name, value in zip(header, values) if name}))
    return rows


def check_row(line: int, values: dict[str, str]) -> Row:
    """A valid row, or ValidationError saying what is wrong with it."""
    cleaned = {name: remove_invisible_controls(values.get(name, "")).strip() for name in ("email", "name", "organisation")}
    email = normalise_email(cleaned["email"])
    validate_email(email)
    validate_email_characters(email)
    for name, limit in LIMITS.items():
        if len(cleaned[name]) > limit:
            raise ValidationError(_("%(column)s is longer than %(limit)d characters.") % {"column": name, "limit": limit})
        if CONTROL.search(cleaned[name]):
            raise ValidationError(_("%(column)s contains control characters.") % {"column": name})
    return Row(line, email, cleaned["name"], cleaned["organisation"])


def check_file(meeting: Any, data: bytes) -> ImportReport:
    """Sort every row into valid, malformed or duplicate (in the file, or already on the meeting's list)."""
    report = ImportReport()
    listed = set(MeetingInvitation.objects.filter(meeting=meeting).values_list("email", flat=True))
    seen: set[str] = set()
    for line, values in read_rows(data):
        try:
            row = check_row(line, values)
        except ValidationError as error:
            report.malformed.append((line, " ".join(error.messages)))
            continue
        if row.email in seen or row.email in listed:
            report.duplicates.append((line, row.email))
            continue
        seen.add(row.email)
        report.valid.append(row)
    return report


@transaction.atomic
def import_invitations(meeting: Any, data: bytes, by: Any) -> ImportReport:
    """Check the file; unless a row is malformed, store its valid rows and approve those already registered."""
    report = check_file(meeting, data)
    if report.refused or not report.valid:
        return report
    MeetingInvitation.objects.bulk_create(
        [MeetingInvitation(meeting=meeting, email=row.email, name=row.name, organisation=row.organisation,
                           invited_by=by) for row in report.valid]
    )
    report.imported = len(report.valid)
    waiting = MeetingRegistration.objects.filter(
        meeting=meeting, user__email__in=[row.email for row in report.valid], status=RegistrationStatus.PENDING
    ).values_list("pk", flat=True)
    report.approved = vetting.decide(list(waiting), approve=True, reason=_("On the pre-approved list."),
                                     by=by, meeting=meeting).changed
    return report


def is_invited(meeting: Any, email: str) -> bool:
    return MeetingInvitation.objects.filter(meeting=meeting, email=normalise_email(email)).exists()
