"""The person with an account, and how accounts are created (the e-mail address is the login)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .email_addresses import CaseInsensitiveEmailField, normalise_email


def interface_languages() -> list[tuple[str, str]]:
    # A callable, so a change to LANGUAGES does not need a migration.
    return list(settings.LANGUAGES)


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
        "portal.Organisation",
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

    #: When the person deleted their account (portal/account_erasure.py): the row stays, anonymised,
    #: because published cases and the audit log refer to it.
    erased_at = models.DateTimeField(_("account deleted"), null=True, blank=True, editable=False)

    #: Does the person have a confirmed second-factor device? Kept by portal/two_factor/device_flag.py on every
    #: device save and delete, so the sign-in check of every request reads it from the user row it loads
    #: anyway instead of querying each device table (issue 20: two queries per signed-in request).
    has_second_factor = models.BooleanField(_("second factor on"), default=False, editable=False)

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

    def get_full_name(self) -> str:
        # Wagtail's audit log and admin show this: an erased account reads "Deleted account", never an address.
        if self.erased_at is not None:
            return str(_("Deleted account"))
        return super().get_full_name()

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_confirmed_member(self) -> bool:
        """Belongs to an organisation, confirmed: may read colleagues' submissions and confirm newcomers."""
        return self.organisation_id is not None and self.membership_confirmed_at is not None
