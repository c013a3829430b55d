"""E-mails to people who registered for a meeting, in their language, through the portal's outbox.

Each kind has a subject here and two templates, ``templates/emails/<kind>.txt``
and ``.html``. Messages are stored (``OutboxEmail``, one ``dedupe_key`` per
registration and kind, so one event never mails twice) and sent after the
decision commits, by a background job (``delivery``); a bulk decision on 500
people stores 500 messages in one query and sends none of them in the request.
"""

from __future__ import annotations

from typing import Any, Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _

from ..email_languages import offered_language
from ..models import MeetingRegistration, OutboxEmail
from ..submitter_emails import site_url
from .delivery import deliver_after_commit

APPROVED = "meeting_approved"
DECLINED = "meeting_declined"
ACCESS_ENDING = "meeting_access_ending"

SUBJECTS = {
    APPROVED: _("Your registration for %(meeting)s is approved"),
    DECLINED: _("Your registration for %(meeting)s"),
    ACCESS_ENDING: _("Your access to the attendees' cases of %(meeting)s ends soon"),
}

#: The calendar file attached to an approval: (file name, MIME type, text).
Attachment = tuple[str, str, str]


def dedupe_key(kind: str, registration: MeetingRegistration) -> str:
    return f"{kind}:{registration.pk}"


def language_of(registration: MeetingRegistration) -> str:
    return offered_language(registration.user.language, registration.language)


def build_email(
    registration: MeetingRegistration, kind: str, *, attachment: Attachment | None = None, **context: Any
) -> OutboxEmail:
    """The unsaved outbox message of ``kind`` to the registrant, rendered in their language."""
    language = language_of(registration)
    meeting = registration.meeting
    with translation.override(language):
        values = {
            "name": registration.user.get_full_name() or registration.user.email,
            "meeting": meeting.title,
            "meeting_url": meeting.get_full_url() or site_url(meeting.url or "/"),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "registration": registration,
            **context,
        }
        # One line: a header injection cannot come from a meeting's title.
        subject = " ".join((gettext(SUBJECTS[kind]) % {"meeting": meeting.title}).split())[:240]
        text = render_to_string(f"emails/{kind}.txt", values)
        html = render_to_string(f"emails/{kind}.html", values)
    name, mimetype, content = attachment or ("", "", "")
    return OutboxEmail(
        kind=kind, to=registration.user.email, subject=subject, body_text=text, body_html=html,
        language=language, dedupe_key=dedupe_key(kind, registration),
        attachment_name=name, attachment_type=mimetype, attachment_content=content,
    )


def queue_emails(messages: Iterable[OutboxEmail]) -> int:
    """Store the messages (one query; those already sent for the same event are skipped), send after commit."""
    messages = list(messages)
    if not messages:
        return 0
    keys = [message.dedupe_key for message in messages]
    already = set(OutboxEmail.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    fresh = [message for message in messages if message.dedupe_key not in already]
    OutboxEmail.objects.bulk_create(fresh, ignore_conflicts=True)
    deliver_after_commit([message.dedupe_key for message in fresh])
    return len(fresh)
