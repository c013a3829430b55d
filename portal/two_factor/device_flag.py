"""``User.has_second_factor`` follows the person's devices: recomputed on every device save and delete.

The sign-in check (``TwoFactorMiddleware``) reads the flag from the user row Django loads for every
signed-in request, so a person without a device costs no device query. django-otp's devices are saved
and deleted through the ORM everywhere (set-up, confirmation, recovery codes, turning off, an
administrator's reset, account erasure, the demo), so these signals see every change; the flag is
recomputed from the tables, never toggled, so it cannot drift from a missed or repeated signal.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_MODELS = (TOTPDevice, StaticDevice)


def refresh(user_id: int | None) -> None:
    """Store whether the person has a confirmed device now (a deleted person: nothing to store)."""
    if user_id is None:
        return
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        enabled = user_has_device(user, confirmed=True)
        if enabled != user.has_second_factor:
            type(user).objects.filter(pk=user_id).update(has_second_factor=enabled)


def _device_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    refresh(instance.user_id)


def connect() -> None:
    for model in DEVICE_MODELS:
        post_save.connect(_device_changed, sender=model, dispatch_uid=f"two-factor-flag-save-{model.__name__}")
        post_delete.connect(_device_changed, sender=model, dispatch_uid=f"two-factor-flag-delete-{model.__name__}")
