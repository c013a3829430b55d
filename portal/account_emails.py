"""E-mails about accounts (not about a submission, which go through ``portal.submitter_emails`` and the outbox).

Sent at once, not through the outbox: a verification link is wanted now,
and if the mail server fails the person is told on the page and asks again.
Each kind has a subject here and two templates, ``templates/emails/<kind>.txt``
and ``.html``, rendered in the recipient's language.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .email_languages import offered_language

logger = logging.getLogger(__name__)

VERIFY = "verify_email"
ALREADY_REGISTERED = "already_registered"
JOIN_REQUEST = "join_request"
MEMBERSHIP_CONFIRMED = "membership_confirmed"
MEMBERSHIP_REFUSED = "membership_refused"

SUBJECTS = {
    VERIFY: _("Confirm your e-mail address"),
    ALREADY_REGISTERED: _("Someone tried to create an account with your address"),
    JOIN_REQUEST: _("%(name)s asks to join %(organisation)s"),
    MEMBERSHIP_CONFIRMED: _("You are now a confirmed member of %(organisation)s"),
    MEMBERSHIP_REFUSED: _("Your request to join %(organisation)s was not confirmed"),
}


def language_for(recipient: Any) -> str:
    """The recipient's chosen language, else the page's, else the site's."""
    return offered_language(getattr(recipient, "language", ""), translation.get_language())


def send_account_email(kind: str, to: str, context: dict[str, Any], *, language: str | None = None) -> bool:
    """Render and send one e-mail; False (and logged) when the mail server fails."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = str(SUBJECTS[kind]) % context
        message = EmailMultiAlternatives(
            subject,
            render_to_string(f"emails/{kind}.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [to],
        )
        message.attach_alternative(render_to_string(f"emails/{kind}.html", context), "text/html")
    try:
        message.send()
    except Exception:  # SMTPException, OSError, a misconfigured backend…
        logger.exception("The %s e-mail could not be sent", kind)
        return False
    return True
