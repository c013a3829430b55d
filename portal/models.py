"""Accounts and organisations; the submission record and its companions are imported at the end.

Models live in small modules by concern (``records``: the confidential
submission record and its status history; ``outbox``: e-mails to submitters;
``call_window``: the call for submissions site setting; ``ratelimit``: attempt
counters). They are imported here so Django finds them in ``portal.models``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

#: Unicode's default-ignorable characters: soft hyphen, zero-width space and joiners, bidi
#: controls, word joiner, variation selectors, the byte-order mark, Hangul fillers, tags.
#: No e-mail address contains one; copy-and-paste brings them, and an impostor uses them
#: to register a second account for an address that looks the same.
INVISIBLE_IN_ADDRESSES = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U000e0000-\U000e0fff]"
)


def normalise_email(email: str) -> str:
    """The one canonical form of an e-mail address: what we store, look up, and key rate limits on.

    Invisible characters are removed, then NFKC folds look-alikes into plain
    letters (full-width ``ａ`` and ``＠``, the long ``ſ``, the Kelvin sign ``K``),
    then the whole address is lower-cased (not only the domain, as Django
    does: two accounts that differ only by case would be a support and
    security problem) and a non-ASCII domain becomes its IDNA (``xn--``) form.
    What remains outside ASCII (``ı``, ``İ`` in the local part) is refused by
    ``validate_email_characters`` in forms; look-ups compare exactly, so such
    a spelling never reaches an account through PostgreSQL's case folding.
    Never raises: log-in and reset forms call it on anything typed.
    """
    text = unicodedata.normalize("NFKC", INVISIBLE_IN_ADDRESSES.sub("", email or ""))
    text = INVISIBLE_IN_ADDRESSES.sub("", text).strip().lower()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            pass  # left as typed: the e-mail validator refuses it
    return f"{local}@{domain}"


def validate_email_characters(value: str) -> None:
    """Refuse, with a clear message, letters that normalisation keeps but no address uses (``ı``, ``İ``)."""
    odd = sorted({character for character in str(value).rpartition("@")[0] if not character.isascii()})
    if odd:
        raise ValidationError(
            _("An e-mail address cannot contain “%(characters)s”. Type the address again in plain letters."),
            code="invalid_character",
            params={"characters": "".join(odd)},
        )


class NormalisedEmailFormField(forms.EmailField):
    """Normalises while cleaning, so every form (ours, Django's admin) checks
    uniqueness against the stored form of the address."""

    default_validators = [*forms.EmailField.default_validators, validate_email_characters]

    def to_python(self, value: Any) -> str:
        return normalise_email(super().to_python(value))


def interface_languages() -> list[tuple[str, str]]:
    # A callable, so a change to LANGUAGES does not need a migration.
    return list(settings.LANGUAGES)


class CaseInsensitiveEmailField(models.EmailField):
    # Model validation too (Wagtail's user admin has its own form field): no "ı" sneaks in there.
    default_validators = [*models.EmailField.default_validators, validate_email_characters]

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"form_class": NormalisedEmailFormField, **kwargs})

    def to_python(self, value: Any) -> str:
        return normalise_email(super().to_python(value))


class UserManager(DjangoUserManager):
    """Creates users with the e-mail address as their login; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        # Exact: every stored address is normalised, and a case-insensitive look-up on
        # PostgreSQL would fold "ı" into "I" and find another spelling's account.
        return self.get(email=normalise_email(username or ""))


class Organisation(models.Model):
    """The organisation a submitter belongs to; its confirmed members are colleagues who may read each other's submissions.

    A registration asks to join an existing organisation only when the name,
    the country and a non-free-mail e-mail domain all match, and a confirmed
    member or an editor must confirm it (``portal.membership``): typing a
    police agency's name, or having an address at its domain, is not enough
    to read its submissions.
    """

    name = models.CharField(_("name"), max_length=200)
    organisation_type = models.ForeignKey(
        "showcase.OrganisationType",
        verbose_name=_("organisation type"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    country = CountryField(_("country"))
    email_domain = models.CharField(
        _("e-mail domain"),
        max_length=253,
        blank=True,
        help_text=_("Members' verified e-mail domain; a new registration joins this organisation only with it."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [("confirm_membership", _("Can confirm or refuse people who ask to join an organisation"))]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person with an account: submitter, reviewer, editor, attendee or administrator.

    The e-mail address is the login, unique regardless of case (enforced by a
    database constraint on ``lower(email)``, not only in forms).
    """

    username = None  # type: ignore[assignment]
    email = CaseInsensitiveEmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    membership_confirmed_at = models.DateTimeField(
        _("membership confirmed"),
        null=True,
        blank=True,
        help_text=_(
            "When a member or an editor confirmed that the person belongs to the organisation "
            "(or when they founded it). Until then they see only their own submissions."
        ),
    )
    membership_confirmed_by = models.ForeignKey(
        "self",
        verbose_name=_("membership confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email_verified_at = models.DateTimeField(
        _("e-mail verified"),
        null=True,
        blank=True,
        help_text=_("When the person followed the verification link; nobody submits a case before that."),
    )

    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=interface_languages,
        help_text=_(
            "The interface language the person chose; e-mails are sent in it. "
            "Empty: the language they submitted in."
        ),
    )

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="portal_user_email_ci_unique"),
        ]

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_confirmed_member(self) -> bool:
        """Belongs to an organisation, confirmed: may read colleagues' submissions and confirm newcomers."""
        return self.organisation_id is not None and self.membership_confirmed_at is not None


# The models of the other portal modules (see the module docstring).
from .call_window import CallWindow  # noqa: E402,F401
from .outbox import OutboxEmail  # noqa: E402,F401
from .ratelimit import RateLimitCounter  # noqa: E402,F401
from .records import StatusChange, Submission  # noqa: E402,F401
