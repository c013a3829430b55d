"""Accounts. The submission record arrives with the portal issue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractUser, UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def normalise_email(email: str) -> str:
    """The one canonical form of an e-mail address we store and look up.

    The whole address is lower-cased (not only the domain, as Django does):
    people type their address in any case, and two accounts that differ only
    by case would be a support and security problem.
    """
    return (email or "").strip().lower()


class NormalisedEmailFormField(forms.EmailField):
    """Normalises while cleaning, so every form (ours, Wagtail's user admin,
    Django's admin) checks uniqueness against the stored form of the address."""

    def to_python(self, value: Any) -> str:
        return normalise_email(super().to_python(value))


class CaseInsensitiveEmailField(models.EmailField):
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
        return self.get(email__iexact=normalise_email(username or ""))


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
