"""Who must use a second factor, and the devices behind it (django-otp's TOTP and static-token devices).

A person has at most one confirmed TOTP device (their authenticator app) and
one static device holding their single-use recovery codes.
"""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery codes"


def is_required(user) -> bool:
    """Staff must use two factors: admin access, superusers and the groups in ``TWO_FACTOR_REQUIRED_GROUPS``."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"):
        return True
    return user.groups.filter(name__in=settings.TWO_FACTOR_REQUIRED_GROUPS).exists()


def is_enabled(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device of an ongoing set-up (one per person; its secret stays until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def manual_key(device: TOTPDevice) -> str:
    """The secret as authenticator apps expect it typed: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code in a data: URI (an <img>: no inline script or style)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@transaction.atomic
def confirm(device: TOTPDevice, count: int | None = None) -> list[str]:
    """Make ``device`` the person's authenticator and give them fresh recovery codes (returned once, in clear)."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user, count)


@transaction.atomic
def new_recovery_codes(user, count: int | None = None) -> list[str]:
    """Replace the person's recovery codes; each works once (django-otp deletes a static token when used)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(count or settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device_of(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_all(user) -> int:
    """Forget every device of ``user`` (turning off, or an administrator's reset); returns how many went."""
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    return removed
