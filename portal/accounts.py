"""Registration: nothing exists until the person who holds the mailbox follows the link and chooses a password.

Why (issue 21): an account made at registration, with the password typed
there, can be *pre-hijacked* — someone registers another person's address,
keeps the password and the session, and inherits the account once its owner
verifies it. So registering only sends an e-mail:

- a new address (or an account never verified, made before this design)
  gets a signed, timestamped link (``django.core.signing``) carrying what was
  typed in the form. It expires after ``PORTAL_VERIFICATION_MAX_AGE`` seconds
  and cannot be altered. Opening it changes nothing (mail scanners open
  links); the page asks for a password, and only then is the account created
  — or, for an old unverified one, its password replaced, which ends every
  other session (Django checks a hash of the password on each request);
- an address that already has a verified account gets a warning instead
  ("someone tried to register with your address: log in or reset your
  password"). The page, the status, the cookies and the work are the same
  either way (one look-up, one rendered e-mail, no password hashing, no
  log-in), so registration does not tell who has an account.

A link works once: when its account is verified, it is refused as used.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils import timezone, translation

from . import account_emails, membership
from .membership import email_domain, is_free_mail, organisation_for  # noqa: F401 (the accounts API)
from .models import User, normalise_email

VERIFICATION_SALT = "portal.accounts.verify-email"


class VerificationError(Exception):
    EXPIRED = "expired"
    INVALID = "invalid"
    USED = "used"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def expired(self) -> bool:
        return self.reason == self.EXPIRED


@dataclass(frozen=True)
class Registration:
    """What the registration form collected; travels signed inside the link."""

    email: str
    name: str = ""
    organisation_name: str = ""
    organisation_type_id: int | None = None
    country: str = ""
    language: str = ""
    #: Where the person was going when they registered (a path on this site, ``safe_next``), e.g. the meeting form.
    next: str = ""

    def token(self) -> str:
        return signing.dumps({"r": asdict(self)}, salt=VERIFICATION_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> "Registration":
        try:
            payload = signing.loads(token, salt=VERIFICATION_SALT, max_age=settings.PORTAL_VERIFICATION_MAX_AGE)
        except signing.SignatureExpired:
            raise VerificationError(VerificationError.EXPIRED) from None
        except signing.BadSignature:
            raise VerificationError(VerificationError.INVALID) from None
        # Links mailed before this design carried {"u": pk, "e": email}: the address is what counts.
        fields = payload.get("r") or {"email": payload.get("e", "")}
        known = {name: value for name, value in fields.items() if name in cls.__dataclass_fields__}
        registration = cls(**known)
        if not registration.email or normalise_email(registration.email) != registration.email:
            raise VerificationError(VerificationError.INVALID)
        return registration

    @classmethod
    def of_account(cls, user: User) -> "Registration":
        return cls(email=user.email, name=user.first_name, language=user.language)


#: Longer "next" addresses are not ours: dropped rather than carried in the link.
MAX_NEXT_LENGTH = 500


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` if it is a path on this site, else "" (an open redirect is refused, not repaired)."""
    candidate = (candidate or "").strip()
    if not candidate.startswith("/") or candidate.startswith("//") or len(candidate) > MAX_NEXT_LENGTH:
        return ""
    if any(ord(char) < 32 or char == "\\" for char in candidate):
        return ""
    return candidate if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()) else ""


def answer_registration(request: HttpRequest, registration: Registration) -> bool:
    """The one e-mail a registration sends (see the module docstring); False when the mail server failed."""
    existing = User.objects.filter(email=registration.email).first()
    if existing is not None and (existing.email_verified or not existing.is_active):
        language = account_emails.language_for(existing)
        with translation.override(language):  # the links lead to pages in the language of the e-mail
            context = {
                "name": existing.get_full_name() or existing.email,
                "login_link": request.build_absolute_uri(reverse("accounts:login")),
                "reset_link": request.build_absolute_uri(reverse("accounts:password_reset")),
            }
        return account_emails.send_account_email(account_emails.ALREADY_REGISTERED, existing.email, context, language=language)
    return send_verification(request, registration)


def send_verification(request: HttpRequest, registration: Registration) -> bool:
    context = {
        "name": registration.name or registration.email,
        "link": request.build_absolute_uri(reverse("accounts:verify", args=[registration.token()])),
        "hours": settings.PORTAL_VERIFICATION_MAX_AGE // 3600,
    }
    return account_emails.send_account_email(account_emails.VERIFY, registration.email, context)


def check_link(token: str) -> Registration:
    """The registration a link carries, if it can still be used; raises VerificationError."""
    registration = Registration.from_token(token)
    existing = User.objects.filter(email=registration.email).first()
    if existing is not None and (existing.email_verified or not existing.is_active):
        raise VerificationError(VerificationError.USED)
    if existing is None and not (registration.organisation_name and registration.organisation_type_id):
        raise VerificationError(VerificationError.INVALID)  # an old link whose account is gone
    return registration


@transaction.atomic
def complete_registration(registration: Registration, password: str) -> tuple[User, bool]:
    """Create (or take back) the account with the mailbox holder's password.

    Returns the account and whether it waits for colleagues to confirm its
    membership. Raises VerificationError when the link was used meanwhile.
    """
    user = User.objects.select_for_update().filter(email=registration.email).first()
    if user is not None and (user.email_verified or not user.is_active):
        raise VerificationError(VerificationError.USED)
    if user is None:
        user = _create_account(registration)
    elif user.organisation_id is None and registration.organisation_name and registration.organisation_type_id:
        user.organisation = _organisation_of(registration)
    user.set_password(password)  # a new password hash: every other session of the account ends
    user.email_verified_at = timezone.now()
    if registration.name.strip():  # what the mailbox holder saw on the page and accepted
        user.first_name = registration.name.strip()[:150]
    user.save()
    return user, membership.settle(user)


def _organisation_of(registration: Registration) -> Any:
    from showcase.taxonomies import OrganisationType

    organisation_type = OrganisationType.objects.get(pk=registration.organisation_type_id)
    return organisation_for(registration.organisation_name, organisation_type, registration.country, registration.email)


def _create_account(registration: Registration) -> User:
    user = User(
        email=registration.email,
        first_name=registration.name.strip()[:150],
        language=registration.language if registration.language in dict(settings.LANGUAGES) else "",
        organisation=_organisation_of(registration),
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same link followed twice at once: the other one won
        raise VerificationError(VerificationError.USED) from None
    return user


def tell_colleagues(request: HttpRequest, newcomer: User) -> int:
    """E-mail every confirmed member that ``newcomer`` asks to join; returns how many were told."""
    told = 0
    for member in membership.confirmed_members(newcomer.organisation_id).exclude(pk=newcomer.pk):
        language = account_emails.language_for(member)
        with translation.override(language):
            link = request.build_absolute_uri(reverse("accounts:colleagues"))
        context = {
            "member": member.get_full_name() or member.email,
            "name": newcomer.get_full_name() or newcomer.email,
            "email": newcomer.email,
            "organisation": newcomer.organisation.name,
            "link": link,
        }
        told += account_emails.send_account_email(account_emails.JOIN_REQUEST, member.email, context, language=language)
    return told
