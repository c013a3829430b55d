"""Accounts: registration, the e-mail verification link, and the organisation a person joins.

The verification link carries a signed, timestamped token (``django.core.signing``)
naming the account and the address it was sent to: it expires after
``PORTAL_VERIFICATION_MAX_AGE`` seconds, cannot be forged or altered, and stops
working if the account's address changes.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Organisation, User

logger = logging.getLogger(__name__)

VERIFICATION_SALT = "portal.accounts.verify-email"

#: Webmail domains prove nothing about an organisation: nobody joins one through them.
PUBLIC_MAIL_DOMAINS = frozenset(
    {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com",
     "proton.me", "protonmail.com", "aol.com", "gmx.com", "gmx.de", "mail.com", "yandex.com", "qq.com"}
)


class VerificationError(Exception):
    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def organisation_for(name: str, organisation_type: Any, country: str, email: str) -> Organisation:
    """The organisation a new account belongs to.

    An existing one is joined only when its name (ignoring case), country and
    e-mail domain all match and the domain is not a public webmail one;
    otherwise a new organisation is created (editors can merge duplicates).
    Membership grants colleagues read access, so it must not be claimable by
    typing a name.
    """
    domain = email_domain(email)
    if domain and domain not in PUBLIC_MAIL_DOMAINS:
        existing = (
            Organisation.objects.filter(name__iexact=name.strip(), country=country, email_domain=domain)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return existing
    return Organisation.objects.create(
        name=name.strip(),
        organisation_type=organisation_type,
        country=country,
        email_domain=domain if domain not in PUBLIC_MAIL_DOMAINS else "",
    )


@transaction.atomic
def register(*, name: str, email: str, password: str, organisation_name: str, organisation_type: Any, country: str) -> User:
    organisation = organisation_for(organisation_name, organisation_type, country, email)
    return User.objects.create_user(email, password, first_name=name.strip()[:150], organisation=organisation)


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFICATION_SALT)


def verify(token: str) -> User:
    """The account the token verifies (now marked verified); raises VerificationError."""
    try:
        payload = signing.loads(token, salt=VERIFICATION_SALT, max_age=settings.PORTAL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise VerificationError(expired=True) from None
    except signing.BadSignature:
        raise VerificationError(expired=False) from None
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or user.email != payload.get("e"):
        raise VerificationError(expired=False)
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def send_verification(request: HttpRequest, user: User) -> bool:
    """E-mail the verification link; False (and logged) when the mail server fails."""
    link = request.build_absolute_uri(reverse("accounts:verify", args=[verification_token(user)]))
    context = {
        "name": user.get_full_name() or user.email,
        "link": link,
        "hours": settings.PORTAL_VERIFICATION_MAX_AGE // 3600,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    from django.utils.translation import gettext

    message = EmailMultiAlternatives(
        gettext("Confirm your e-mail address"),
        render_to_string("emails/verify_email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    message.attach_alternative(render_to_string("emails/verify_email.html", context), "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("The verification e-mail to account %s could not be sent", user.pk)
        return False
    return True
