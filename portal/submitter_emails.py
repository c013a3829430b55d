"""E-mails to submitters: one function, ``notify_submitter``, sends them all.

Each kind has a subject and two templates (``templates/emails/<kind>.txt`` and
``.html``), rendered in the submitter's language. The message is stored in the
outbox first and sent once the surrounding transaction commits, so a failing
mail server never loses the submission or the message (see ``portal.models.outbox``).

The moderation app calls this for its decisions; ``portal.status`` calls it
when it sees a status change, with a ``dedupe_key`` so one event mails once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _

from moderation import handover as review

from .email_languages import offered_language
from .models import OutboxEmail

if TYPE_CHECKING:
    from .models import Submission

RECEIVED = "received"
CHANGES_REQUESTED = "changes_requested"
PUBLISHED = "published"
SCHEDULED = "scheduled"
DECLINED = "declined"
UPDATE_PUBLISHED = "update_published"

SUBJECTS = {
    RECEIVED: _("We have received your use case “%(title)s”"),
    CHANGES_REQUESTED: _("Changes requested to your use case “%(title)s”"),
    PUBLISHED: _("Your use case “%(title)s” is published"),
    SCHEDULED: _("Your use case “%(title)s” is approved and will be published"),
    DECLINED: _("Your use case “%(title)s” was not accepted"),
    UPDATE_PUBLISHED: _("The update of your use case “%(title)s” is published"),
}
KINDS = tuple(SUBJECTS)


def site_url(path: str = "") -> str:
    """An absolute address on this site, for links in e-mails."""
    base = getattr(settings, "PORTAL_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


def email_language(submission: "Submission") -> str:
    """The submitter's chosen interface language, else the one they submitted in, else the site's."""
    return offered_language(submission.submitter.language, submission.language)


def render_email(submission: "Submission", kind: str, **context: Any) -> tuple[str, str, str]:
    """(subject, plain text, HTML) in the submitter's language, with links to pages in it."""
    if kind not in SUBJECTS:
        raise ValueError(f"Unknown e-mail kind {kind!r}; one of {', '.join(KINDS)}")
    title = submission.page.draft_title if submission.page_id else ""
    with translation.override(email_language(submission)):
        values = {
            "submission": submission,
            "title": title,
            "name": submission.submitter.get_full_name() or submission.submitter.email,
            "reference": submission.reference,
            # Reversed here, so the address carries the language's prefix (/fr/submissions/…).
            "submission_url": site_url(reverse("submissions:detail", args=[submission.pk])),
            "site_name": settings.WAGTAIL_SITE_NAME,
            **context,
        }
        if "publish_at" in context:  # the go-live time, in the meeting's zone and the reader's language
            values["publish_date"] = review.publication_date_text(context["publish_at"])
        if kind in (PUBLISHED, UPDATE_PUBLISHED) and submission.page_id and submission.page.live:
            # The callers' address is in whatever language they run in; the page's own is in the reader's.
            values["public_url"] = submission.page.specific.get_full_url() or values.get("public_url", "")
        # One line, no newlines: a header injection cannot come from a title.
        subject = " ".join((gettext(SUBJECTS[kind]) % {"title": title}).split())[:240]
        text = render_to_string(f"emails/{kind}.txt", values)
        html = render_to_string(f"emails/{kind}.html", values)
    return subject, text, html


def notify_submitter(
    submission: "Submission", kind: str, *, dedupe_key: str | None = None, **context: Any
) -> OutboxEmail | None:
    """Queue an e-mail of ``kind`` to the submitter and send it after commit.

    Context by kind: ``changes_requested`` takes ``message``; ``published``
    takes ``public_url``; ``scheduled`` takes ``publish_at`` (an aware datetime);
    ``declined`` takes ``reason``. With a ``dedupe_key``
    that was used before, nothing is sent and None is returned.
    """
    if dedupe_key and OutboxEmail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    if submission.submitter.erased_at is not None:  # deleted their account: no address (portal/account_erasure.py)
        return None
    subject, text, html = render_email(submission, kind, **context)
    try:
        with transaction.atomic():
            email = OutboxEmail.objects.create(
                submission=submission,
                kind=kind,
                to=submission.submitter.email,
                subject=subject,
                body_text=text,
                body_html=html,
                language=email_language(submission),
                dedupe_key=dedupe_key,
            )
    except IntegrityError:  # the same event, notified concurrently
        return None
    transaction.on_commit(lambda: OutboxEmail.objects.get(pk=email.pk).deliver(), robust=True)
    return email
